/// Whether a ratification rule takes a `quota` from configs.
public enum QuotaKey: Sendable, Equatable {
  /// The rule takes no quota; a config that gives one is rejected.
  case none
  /// The quota may be given; `default` when it is not.
  case optional(default: Double)
  /// The quota must be given.
  case required
}
