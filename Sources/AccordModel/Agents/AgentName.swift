/// An agent's name, kept as its group's name and a member number: `NAME-member`.
///
/// A config group of `count` agents names them `NAME-1` to `NAME-count`. A string per
/// agent cost about 80 bytes at a million agents (names over 15 UTF-8 bytes live on the
/// heap) and most of the setup's formatting; here every member shares the group's string,
/// and the text is composed only when an output or a message asks for it.
public struct AgentName: Sendable, Hashable, CustomStringConvertible {
  /// The group's name; the whole name when `member` is 0.
  public let stem: String
  /// The member number written after the stem as `-member`; 0 for a name of its own.
  public let member: UInt32

  /// A name of its own, written as given.
  public init(_ name: String) {
    stem = name
    member = 0
  }

  /// Member `member` (1-based) of the group `stem`: `stem-member`.
  public init(stem: String, member: Int) {
    precondition(member >= 1 && member <= Int(UInt32.max), "member numbers start at 1")
    self.stem = stem
    self.member = UInt32(member)
  }

  /// The name as text.
  public var description: String { member == 0 ? stem : "\(stem)-\(member)" }

  /// Whether both read the same, as strings compare: `a-2` given whole equals member 2 of `a`.
  public static func == (l: AgentName, r: AgentName) -> Bool {
    l.member == r.member && l.stem == r.stem || l.description == r.description
  }

  /// Hashes the text, so that equal names hash alike however they are kept.
  public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}
