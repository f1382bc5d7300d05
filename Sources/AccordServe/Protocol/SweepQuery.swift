/// A page of a sweep store's runs the page asks for: a store, a sort column and an offset.
package struct SweepQuery: Sendable, Equatable, Decodable {
  /// A ``SweepCatalog`` id such as `./runs/evidence`.
  package var sweep: String
  /// `run_id`, `point`, `replicate`, `seed`, a factor or a metric column.
  package var sort: String
  package var descending: Bool
  package var offset: Int

  package init(sweep: String, sort: String = "run_id", descending: Bool = false, offset: Int = 0) {
    self.sweep = sweep
    self.sort = sort
    self.descending = descending
    self.offset = offset
  }

  enum CodingKeys: String, CodingKey { case sweep, sort, descending, offset }

  package init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    sweep = try c.decode(String.self, forKey: .sweep)
    sort = try c.decodeIfPresent(String.self, forKey: .sort) ?? "run_id"
    descending = try c.decodeIfPresent(Bool.self, forKey: .descending) ?? false
    offset = try c.decodeIfPresent(Int.self, forKey: .offset) ?? 0
  }
}
