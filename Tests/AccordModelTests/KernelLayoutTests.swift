import AccordNumerics
import Testing

@testable import AccordModel

/// The step's cache-friendly layouts give exactly what the plain ones give.
@Suite struct KernelLayoutTests {
  /// Large sorts take two counting levels and still agree with the standard sort,
  /// including crowded keys, ties, infinities and all-equal keys.
  @Test(arguments: [20_000, 70_001])
  func twoLevelBucketSortMatchesSort(count n: Int) throws {
    #expect(BucketSort.coarseShift(buckets: BucketSort.bucketsPerItem * n) > 0)
    let random = try RandomStream(seed: UInt32(n))
    var sorter = BucketSort()
    let shapes: [(Int) -> Double] = [
      // Most keys crowd into a hundredth of the range, a few far out.
      { _ in random.uniform() < 0.02 ? random.uniform() : 0.5 + random.uniform() / 100 },
      // Ties on a coarse grid, and infinities ("no interval").
      { _ in
        let r = random.uniform()
        return r < 0.1 ? .infinity : Double(random.uniformInt(50)) / 49
      },
      // Every key equal: one bucket, order by id alone.
      { _ in 0.25 },
    ]
    for (shape, draw) in shapes.enumerated() {
      var keys = (0..<n).map(draw)
      // Ids in a scrambled order, so that the tie-break on ids is exercised.
      var ids = (0..<n).map { Int32(($0 * 7_919) % n) }
      let expected = zip(keys, ids).sorted { BucketSort.less($0.0, $0.1, $1.0, $1.1) }
      sorter.sort(keys: &keys, ids: &ids, count: n)
      #expect(keys == expected.map(\.0), "shape \(shape)")
      #expect(ids == expected.map(\.1), "shape \(shape)")
    }
  }

  /// Reading a neighbour's credibility beside its belief gives bit for bit what a
  /// stored per-edge trust gives, in every averaging mode.
  @Test(arguments: [
    SocialLearning.Averaging.degroot, .friedkinJohnsen, .hegselmannKrause,
  ])
  func neighbourPairsMatchStoredTrust(mode: SocialLearning.Averaging) throws {
    let random = try RandomStream(seed: 31)
    let n = 400
    var edges: [(Int, Int, Double)] = []
    for i in 0..<n {
      for _ in 0..<(1 + random.uniformInt(6)) {
        let j = random.uniformInt(n)
        if j != i { edges.append((i, j, 1)) }
      }
    }
    let graph = Graph(nodeCount: n, edges: edges)
    let p = (0..<n).map { _ in random.uniform() }
    let anchor = (0..<n).map { _ in random.uniform() }
    let lambda = (0..<n).map { _ in random.uniform() }
    let eps = (0..<n).map { _ in 0.05 + random.uniform() / 2 }
    let credibility = (0..<n).map { _ in 0.1 + random.uniform() }
    let stored = graph.targets.map { credibility[Int($0)] }
    var pairs = [Double](repeating: 0, count: 2 * n)
    for i in 0..<n {
      pairs[2 * i] = p[i]
      pairs[2 * i + 1] = credibility[i]
    }
    var viaStored = [Double](repeating: .nan, count: n)
    var viaPairs = [Double](repeating: .nan, count: n)
    graph.offsets.withUnsafeBufferPointer { offsets in
      graph.targets.withUnsafeBufferPointer { targets in
        SocialLearning.synchronousSparse(
          mode: mode, count: n, p: p, next: &viaStored, anchor: anchor, lambda: lambda,
          eps: eps, offsets: offsets.base, targets: targets.base, trust: stored)
        pairs.withUnsafeBufferPointer { pairs in
          SocialLearning.sparseKernel(
            mode: mode, count: n, p: p, next: &viaPairs, anchor: anchor, lambda: lambda,
            eps: eps, offsets: offsets.base, targets: targets.base,
            source: NeighbourTrust(pairs: pairs.base))
        }
      }
    }
    #expect(viaPairs == viaStored)
    // Not a vacuous agreement: some agents moved, and by different amounts.
    #expect(zip(viaPairs, p).filter { $0 != $1 }.count > n / 2)
  }
}
