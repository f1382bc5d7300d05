/// The network types a config can name.
public enum NetworkType: String, Codable, Sendable, CaseIterable {
  case complete
  case erdosRenyi = "erdos-renyi"
  case wattsStrogatz = "watts-strogatz"
  case barabasiAlbert = "barabasi-albert"
  case edgeList = "edge-list"
}

/// `network:` — the social network agents learn on.
public struct NetworkConfig: Codable, Sendable, Equatable {
  /// The network model (`type`).
  public var type = NetworkType.complete
  /// Erdős–Rényi mean degree.
  public var meanDegree: Double?
  /// Watts-Strogatz lattice degree (even).
  public var degree: Int?
  /// Watts-Strogatz rewiring probability.
  public var rewire: Double?
  /// Barabási–Albert links per new agent.
  public var links: Int?
  /// Edge-list file, relative to the config file.
  public var file: String?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case type
    case meanDegree = "mean_degree"
    case degree, rewire, links, file
  }

  private static let keysFor: [NetworkType: [CodingKeys]] = [
    .complete: [], .erdosRenyi: [.meanDegree], .wattsStrogatz: [.degree, .rewire],
    .barabasiAlbert: [.links], .edgeList: [.file],
  ]

  /// The defaults: a complete network.
  public init() {}

  /// Decodes the section, rejecting keys that do not apply to its `type`.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    type = try c.choice(.type, default: .complete)
    let allowed = Self.keysFor[type] ?? []
    for key in CodingKeys.allCases where key != .type && c.contains(key) && !allowed.contains(key) {
      let expected = allowed.isEmpty ? "none" : allowed.map(\.stringValue).joined(separator: ", ")
      throw decoder.issue(
        key, "does not apply to network type '\(type.rawValue)' (its keys: \(expected))")
    }
    switch type {
    case .complete: break
    case .erdosRenyi:
      meanDegree = try c.number(.meanDegree, default: 4, in: .positive)
    case .wattsStrogatz:
      let even = try c.integer(.degree, default: 4, in: 2...100_000)
      guard even % 2 == 0 else {
        throw decoder.issue(CodingKeys.degree, "must be even, found \(even)")
      }
      degree = even
      rewire = try c.number(.rewire, default: 0.1, in: .unit)
    case .barabasiAlbert:
      links = try c.integer(.links, default: 2, in: 1...100_000)
    case .edgeList:
      guard let path = try c.decodeIfPresent(String.self, forKey: .file), !path.isEmpty else {
        throw decoder.issue(
          CodingKeys.type, "type 'edge-list' needs file: PATH (CSV lines 'source,target[,weight]')")
      }
      file = path
    }
  }
}
