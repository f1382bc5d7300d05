/// An undirected, weighted social network in compressed sparse row form.
///
/// A complete network is kept implicit (no edge list), because a complete graph on
/// ten thousand agents would need a hundred million edges; the learning kernels
/// handle it with sorted beliefs and prefix sums instead.
public struct Graph: Sendable, Equatable {
  /// The number of agents.
  public let nodeCount: Int
  /// Whether every pair of agents is linked (no edges are stored).
  public let isComplete: Bool
  /// Neighbours of `i` are `targets[offsets[i]..<offsets[i+1]]`.
  public let offsets: [Int32]
  /// Each node's neighbours, as agent indices (see `offsets`).
  public let targets: [Int32]
  /// Tie strength of each stored edge; empty when every tie has strength 1 (generated
  /// networks), which saves 8 bytes an edge (80 MB at 5 million edges).
  let storedWeights: [Double]

  /// Tie strength of each stored edge (1 unless an edge list gives weights).
  public var weights: [Double] {
    storedWeights.isEmpty ? [Double](repeating: 1, count: targets.count) : storedWeights
  }

  /// Tie strength of stored edge `e`.
  @inline(__always)
  public func weight(at e: Int) -> Double { storedWeights.isEmpty ? 1 : storedWeights[e] }

  /// The complete network on `n` agents.
  public static func complete(_ n: Int) -> Graph { Graph(complete: n) }

  private init(complete n: Int) {
    nodeCount = n
    isComplete = true
    offsets = []
    targets = []
    storedWeights = []
  }

  /// A network from undirected edges `(i, j, weight)`; self-loops are dropped and
  /// repeated edges merge by adding their weights.
  public init(nodeCount: Int, edges: [(Int, Int, Double)]) {
    self.nodeCount = nodeCount
    isComplete = false
    (offsets, targets, storedWeights) = CompressedRows.build(
      nodeCount: nodeCount, count: edges.count, { edges[$0].0 }, { edges[$0].1 },
      weight: { edges[$0].2 })
  }

  /// A network from undirected edges of strength 1; repeated edges merge (strength 2, ...).
  public init(nodeCount: Int, unitEdges edges: [(Int32, Int32)]) {
    self.nodeCount = nodeCount
    isComplete = false
    (offsets, targets, storedWeights) = CompressedRows.build(
      nodeCount: nodeCount, count: edges.count, { Int(edges[$0].0) }, { Int(edges[$0].1) },
      weight: nil)
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

/// Builds compressed sparse rows from an edge list in place: degrees, then each stored
/// edge at its row's next slot (in edge order, as per-node lists would hold them), then
/// each row sorted by neighbour with repeats merged by adding their weights.
///
/// No per-node arrays: at 10^6 agents those cost about 200 bytes a node in headers alone.
enum CompressedRows {
  /// Per-node lists to rows, sorted by neighbour, repeats merged with `merge` (the
  /// deference network's small lists).
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

  // Inlined into each caller, so that the endpoint closures are too: called three times
  // an edge, they cost as much as the rest of the build.
  @inline(__always)
  static func build(
    nodeCount n: Int, count: Int, _ from: (Int) -> Int, _ to: (Int) -> Int,
    weight: ((Int) -> Double)?
  ) -> (offsets: [Int32], targets: [Int32], weights: [Double]) {
    var start = [Int](repeating: 0, count: n + 1)
    for e in 0..<count where from(e) != to(e) {
      start[from(e) + 1] += 1
      start[to(e) + 1] += 1
    }
    for i in 0..<n { start[i + 1] += start[i] }
    let stored = start[n]
    var targets = [Int32](repeating: 0, count: stored)
    var weights = [Double](repeating: 1, count: weight == nil ? 0 : stored)
    var next = start
    for e in 0..<count {
      let i = from(e)
      let j = to(e)
      if i == j { continue }
      targets[next[i]] = Int32(j)
      targets[next[j]] = Int32(i)
      if let weight {
        weights[next[i]] = weight(e)
        weights[next[j]] = weight(e)
      }
      next[i] += 1
      next[j] += 1
    }
    next = []
    // Sort and merge each row, compacting into the front of the arrays.
    var offsets = [Int32](repeating: 0, count: n + 1)
    var write = 0
    var repeats: [Int] = []  // unit edges: positions whose strength exceeds 1
    var row: [(Int32, Double)] = []
    for i in 0..<n {
      let lo = start[i]
      let hi = start[i + 1]
      let first = write
      if weight != nil {
        // The same sort of the same sequence as per-node lists: the same merged sums.
        row.removeAll(keepingCapacity: true)
        for e in lo..<hi { row.append((targets[e], weights[e])) }
        for (j, w) in row.sorted(by: { $0.0 < $1.0 }) {
          if write > first, targets[write - 1] == j {
            weights[write - 1] += w
          } else {
            targets[write] = j
            weights[write] = w
            write += 1
          }
        }
      } else {
        targets.withUnsafeMutableBufferPointer { t in
          sortRow(t, lo, hi)
          for e in lo..<hi {
            if write > first, t[write - 1] == t[e] {
              repeats.append(write - 1)
            } else {
              t[write] = t[e]
              write += 1
            }
          }
        }
      }
      offsets[i + 1] = Int32(write)
    }
    targets.removeLast(stored - write)
    if weight != nil {
      weights.removeLast(stored - write)
    } else if !repeats.isEmpty {
      weights = [Double](repeating: 1, count: write)
      for e in repeats { weights[e] += 1 }
    }
    return (offsets, targets, weights)
  }

  /// Sorts `t[lo..<hi]` in place.
  ///
  /// By insertion for a row of a sparse network's few neighbours, where sorting an array
  /// slice copied it out and back (most of the CSR build at 10^7 stored edges). Equal
  /// neighbours are alike, so any sort gives the same row.
  @inline(__always)
  private static func sortRow(_ t: UnsafeMutableBufferPointer<Int32>, _ lo: Int, _ hi: Int) {
    guard hi - lo <= 32 else {
      var row = UnsafeMutableBufferPointer(rebasing: t[lo..<hi])
      row.sort()
      return
    }
    var i = lo + 1
    while i < hi {
      let x = t[i]
      var j = i
      while j > lo && t[j - 1] > x {
        t[j] = t[j - 1]
        j -= 1
      }
      t[j] = x
      i += 1
    }
  }
}
