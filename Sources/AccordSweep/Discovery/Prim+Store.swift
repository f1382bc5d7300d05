import AccordConfig
import Foundation
internal import Yams

extension Prim {
  /// PRIM on a sweep store: the condition is an SQL expression over `runs` (true where
  /// it is non-zero; NULL counts as false); the factors are the sweep's factors, peeled
  /// by kind: categorical for a list of names, integer for `integer: true`, real
  /// otherwise (a list of numeric levels is real, as the workbench treats a float
  /// column).
  package static func fromStore(
    directory: String, condition: String, settings: Settings = Settings(), box: Int? = nil
  ) throws -> Prim {
    let (factors, x, y) = try data(directory: directory, condition: condition)
    // A typed catch with a `where` clause crashes Swift 6.3.1's ownership verifier here.
    let result = Result { () throws(PrimError) -> Prim in
      try discover(factors: factors, x: x, y: y, settings: settings, box: box)
    }
    switch result {
    case .success(let prim): return prim
    case .failure(let error):
      guard error.aboutData else { throw error }
      throw SweepStoreError(path: "\(directory)/sweep.sqlite", message: error.description)
    }
  }

  /// The factors, their values per run and the condition per run, as PRIM and CART read
  /// them from a store.
  static func data(directory: String, condition: String) throws -> (
    factors: [Factor], x: [[Double]], y: [Bool]
  ) {
    let values = try MetricQuery.values(directory: directory, metric: condition)
    let names =
      (try SweepStore.meta(directory: directory, key: "factors") ?? "")
      .split(separator: "\n").map(String.init)
    let declared = declaredKinds(directory: directory)
    var factors: [Factor] = []
    var columns: [[Double]] = []
    for name in names {
      let text = try MetricQuery.values(
        directory: directory, metric: "typeof(\(SQL.identifier(name))) = 'text'")
      if text.contains(where: { $0.value == 1 }) {
        let labels = try MetricQuery.read(directory: directory) { db, _ in
          try String.fetchAll(
            db, sql: "SELECT CAST(\(SQL.identifier(name)) AS TEXT) FROM runs ORDER BY run_id")
        }
        // The sweep file's order of levels; levels it does not list (none, normally) after.
        var levels =
          declared[name].flatMap { kind -> [String]? in
            if case .categorical(let levels) = kind { return levels }
            return nil
          } ?? []
        for label in Set(labels).sorted() where !levels.contains(label) { levels.append(label) }
        let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Double($0)) })
        factors.append(Factor(name: name, kind: .categorical(levels: levels)))
        columns.append(labels.map { index[$0] ?? .nan })
        continue
      }
      let column = try MetricQuery.values(
        directory: directory, metric: "CAST(\(SQL.identifier(name)) AS REAL)")
      factors.append(Factor(name: name, kind: declared[name] == .integer ? .integer : .real))
      columns.append(column.map { $0.value ?? .nan })
    }
    let x = values.indices.map { r in columns.map { $0[r] } }
    let y = values.map { ($0.value ?? 0) != 0 }
    return (factors, x, y)
  }

  /// The kinds the store's sweep file declares.
  ///
  /// Integer for `integer: true`, categorical (with its levels in order) for a list of
  /// names. Empty when the file cannot be read.
  static func declaredKinds(directory: String) -> [String: Kind] {
    guard let text = try? SweepStore.meta(directory: directory, key: "sweep_file"),
      let node = try? Yams.compose(yaml: text), let pairs = node.mapping?["factors"]?.mapping
    else { return [:] }
    var kinds: [String: Kind] = [:]
    for (key, value) in pairs {
      guard let name = key.string else { continue }
      if let list = value.sequence, !list.isEmpty, list.allSatisfy({ $0.string != nil }),
        list.contains(where: { Double($0.string ?? "") == nil })
      {
        kinds[name] = .categorical(levels: list.compactMap(\.string))
      } else if value.mapping?["integer"]?.bool == true {
        kinds[name] = .integer
      }
    }
    return kinds
  }
}
