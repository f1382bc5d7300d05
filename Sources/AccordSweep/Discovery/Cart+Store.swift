import Foundation

extension Cart {
  /// CART on a sweep store, with the condition and factors read as PRIM reads them
  /// (``Prim/fromStore(directory:condition:settings:box:)``).
  package static func fromStore(directory: String, condition: String, minMass: Double = 0.05)
    throws -> Cart
  {
    let (factors, x, y) = try Prim.data(directory: directory, condition: condition)
    let result = Result { () throws(PrimError) -> Cart in
      try grow(factors: factors, x: x, y: y, minMass: minMass)
    }
    switch result {
    case .success(let cart): return cart
    case .failure(let error):
      guard error.aboutData else { throw error }
      throw SweepStoreError(path: "\(directory)/sweep.sqlite", message: error.description)
    }
  }
}
