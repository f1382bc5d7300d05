public import AccordNumerics

/// How the social network is built.
public enum NetworkModel: Sendable, Equatable {
  /// Everybody listens to everybody.
  case complete
  /// G(n, p) with `p = meanDegree / (n - 1)`.
  case erdosRenyi(meanDegree: Double)
  /// A ring lattice of even `degree`, each edge rewired with probability `rewire`.
  case wattsStrogatz(degree: Int, rewire: Double)
  /// Preferential attachment: each new agent links to `links` existing ones.
  case barabasiAlbert(links: Int)
  /// Explicit undirected edges `(i, j, weight)`.
  case edges([(Int, Int, Double)])

  /// The model's name as configs spell it.
  public var name: String {
    switch self {
    case .complete: "complete"
    case .erdosRenyi: "erdos-renyi"
    case .wattsStrogatz: "watts-strogatz"
    case .barabasiAlbert: "barabasi-albert"
    case .edges: "edge-list"
    }
  }

  /// Whether both are the same model with the same parameters.
  public static func == (l: NetworkModel, r: NetworkModel) -> Bool {
    switch (l, r) {
    case (.complete, .complete): true
    case (.erdosRenyi(let a), .erdosRenyi(let b)): a == b
    case (.wattsStrogatz(let a, let b), .wattsStrogatz(let c, let d)): a == c && b == d
    case (.barabasiAlbert(let a), .barabasiAlbert(let b)): a == b
    case (.edges(let a), .edges(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 }
    default: false
    }
  }

  /// Builds the network on `n` agents, drawing from `random`.
  ///
  /// Agents are laid out in index order, and nations hold contiguous index ranges, so
  /// lattice neighbours (Watts-Strogatz) are mostly compatriots and rewired ties cross
  /// borders.
  public func build(agents n: Int, random: borrowing RandomStream) -> Graph {
    switch self {
    case .complete:
      return .complete(n)
    case .edges(let list):
      return Graph(nodeCount: n, edges: list)
    case .erdosRenyi(let meanDegree):
      return Graph(nodeCount: n, unitEdges: Self.erdosRenyi(n, meanDegree, random))
    case .wattsStrogatz(let k, let beta):
      return Graph(nodeCount: n, unitEdges: Self.wattsStrogatz(n, k, beta, random))
    case .barabasiAlbert(let m):
      return Graph(nodeCount: n, unitEdges: Self.barabasiAlbert(n, m, random))
    }
  }

  /// Batagelj-Brandes geometric skipping: O(n + m) rather than O(n^2) coin flips.
  private static func erdosRenyi(_ n: Int, _ meanDegree: Double, _ random: borrowing RandomStream)
    -> [(Int32, Int32)]
  {
    guard n > 1 else { return [] }
    let p = min(1, meanDegree / Double(n - 1))
    var edges: [(Int32, Int32)] = []
    if p <= 0 { return edges }
    if p >= 1 {
      for v in 1..<n { for w in 0..<v { edges.append((Int32(v), Int32(w))) } }
      return edges
    }
    let logQ = log(1 - p)
    var v = 1
    var w = -1
    while v < n {
      let r = random.uniform()
      // A skip past every remaining pair ends the draw. With p below about 1e-16, 1 - p
      // rounds to 1 and logQ is +0: the quotient is -inf (or NaN), where the true skip,
      // like the expected gap, is beyond any pair.
      let skip = log(1 - r) / logQ
      guard skip >= 0, skip < Double(n) * Double(n) else { break }
      w += 1 + Int(skip)
      while w >= v && v < n {
        w -= v
        v += 1
      }
      if v < n { edges.append((Int32(v), Int32(w))) }
    }
    return edges
  }

  private static func wattsStrogatz(
    _ n: Int, _ k: Int, _ beta: Double, _ random: borrowing RandomStream
  ) -> [(Int32, Int32)] {
    var present = EdgeKeySet(capacity: n * (k / 2))
    func key(_ a: Int, _ b: Int) -> Int { min(a, b) * n + max(a, b) }
    var edges: [(Int32, Int32)] = []
    edges.reserveCapacity(n * (k / 2))
    for i in 0..<n {
      for j in 1...(k / 2) {
        let t = (i + j) % n
        edges.append((Int32(i), Int32(t)))
        present.insert(key(i, t))
      }
    }
    for e in 0..<edges.count where random.uniform() < beta {
      let i = Int(edges[e].0)
      let old = Int(edges[e].1)
      if present.count >= n * (n - 1) / 2 { break }
      var t = random.uniformInt(n)
      var tries = 0
      while (t == i || present.contains(key(i, t))) && tries < 64 {
        t = random.uniformInt(n)
        tries += 1
      }
      if t == i || present.contains(key(i, t)) { continue }
      present.remove(key(i, old))
      present.insert(key(i, t))
      edges[e] = (Int32(i), Int32(t))
    }
    return edges
  }

  /// Starts from a clique on `m + 1` agents; each later agent links to `m` distinct
  /// agents chosen with probability proportional to degree.
  private static func barabasiAlbert(_ n: Int, _ m: Int, _ random: borrowing RandomStream)
    -> [(Int32, Int32)]
  {
    var edges: [(Int32, Int32)] = []
    let seedSize = min(n, m + 1)
    var ends: [Int] = []
    for a in 0..<seedSize {
      for b in 0..<a {
        edges.append((Int32(a), Int32(b)))
        ends.append(a)
        ends.append(b)
      }
    }
    guard seedSize < n else { return edges }
    var chosen: [Int] = []
    for v in seedSize..<n {
      chosen.removeAll(keepingCapacity: true)
      while chosen.count < m {
        let t = ends[random.uniformInt(ends.count)]
        if !chosen.contains(t) { chosen.append(t) }
      }
      for t in chosen {
        edges.append((Int32(v), Int32(t)))
        ends.append(v)
        ends.append(t)
      }
    }
    return edges
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
