/// An undirected, weighted social network in compressed sparse row form.
///
/// A complete network is kept implicit (no edge list), because a complete graph on
/// ten thousand agents would need a hundred million edges; the learning kernels
/// handle it with sorted beliefs and prefix sums instead.
public struct Graph: Sendable, Equatable {
  public let nodeCount: Int
  /// Whether every pair of agents is linked (no edges are stored).
  public let isComplete: Bool
  /// Neighbours of `i` are `targets[offsets[i]..<offsets[i+1]]`.
  public let offsets: [Int32]
  public let targets: [Int32]
  /// Tie strength of each stored edge (1 unless an edge list gives weights).
  public let weights: [Double]

  /// The complete network on `n` agents.
  public static func complete(_ n: Int) -> Graph { Graph(complete: n) }

  private init(complete n: Int) {
    nodeCount = n
    isComplete = true
    offsets = []
    targets = []
    weights = []
  }

  /// A network from undirected edges `(i, j, weight)`; self-loops are dropped and
  /// repeated edges merge by adding their weights.
  public init(nodeCount: Int, edges: [(Int, Int, Double)]) {
    self.nodeCount = nodeCount
    isComplete = false
    var adjacency = [[(Int32, Double)]](repeating: [], count: nodeCount)
    for (i, j, w) in edges where i != j {
      adjacency[i].append((Int32(j), w))
      adjacency[j].append((Int32(i), w))
    }
    (offsets, targets, weights) = CompressedRows.build(adjacency, merge: +)
  }

  /// The number of undirected edges.
  public var edgeCount: Int { isComplete ? nodeCount * (nodeCount - 1) / 2 : targets.count / 2 }

  /// The number of neighbours of `i`.
  public func degree(_ i: Int) -> Int {
    isComplete ? nodeCount - 1 : Int(offsets[i + 1] - offsets[i])
  }

  /// The neighbours of `i` (materialised; for tests and reports).
  public func neighbours(_ i: Int) -> [Int] {
    if isComplete { return (0..<nodeCount).filter { $0 != i } }
    return (Int(offsets[i])..<Int(offsets[i + 1])).map { Int(targets[$0]) }
  }

  /// The mean degree.
  public var meanDegree: Double {
    nodeCount == 0 ? 0 : 2 * Double(edgeCount) / Double(nodeCount)
  }
}

/// Flattens per-node neighbour lists into compressed sparse rows, sorted by neighbour,
/// merging repeated neighbours with `merge`.
enum CompressedRows {
  static func build(_ lists: [[(Int32, Double)]], merge: (Double, Double) -> Double)
    -> (offsets: [Int32], targets: [Int32], weights: [Double])
  {
    var offsets: [Int32] = [0]
    var targets: [Int32] = []
    var weights: [Double] = []
    offsets.reserveCapacity(lists.count + 1)
    for list in lists {
      let start = targets.count
      for (j, w) in list.sorted(by: { $0.0 < $1.0 }) {
        if targets.count > start, targets[targets.count - 1] == j {
          weights[weights.count - 1] = merge(weights[weights.count - 1], w)
        } else {
          targets.append(j)
          weights.append(w)
        }
      }
      offsets.append(Int32(targets.count))
    }
    return (offsets, targets, weights)
  }
}
