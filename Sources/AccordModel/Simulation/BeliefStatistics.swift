/// The time series' belief columns: mean, standard deviation and opinion clusters.
struct BeliefStatistics: ~Copyable {
  let parameters: ClusterParameters
  /// Agents per bin of width `gap`.
  private let histogram: Column<Int32>

  init(_ parameters: ClusterParameters) {
    self.parameters = parameters
    // The config keeps gap in [1e-6, 1]: at most 10^6 + 1 bins.
    histogram = Column(
      repeating: 0, count: Int(min(1e6, (1 / parameters.gap).rounded(.up))) + 1)
  }

  func record(_ agents: borrowing AgentState, into record: inout StepRecord) {
    let n = agents.count
    // One pass: shifted sums for mean and variance (beliefs lie in [0, 1], so the
    // shift by 1/2 keeps the sum of squares well conditioned), and a histogram with
    // bins of width `gap`, in which a cluster is a maximal run of occupied bins.
    let belief = agents.belief.base
    let histogram = histogram.base
    let bins = self.histogram.count
    histogram.update(repeating: 0, count: bins)
    let inverseGap = 1 / parameters.gap
    var sum = 0.0
    var squares = 0.0
    for i in 0..<n {
      let p = belief[i]
      let d = p - 0.5
      sum += d
      squares += d * d
      // Clamped as a double before the conversion, which traps on NaN or infinity: the
      // config's ranges keep beliefs finite, and a bug elsewhere must not crash a run.
      let bin = p * inverseGap
      histogram[bin >= 0 ? Int(min(bin, Double(bins - 1))) : 0] += 1
    }
    let mean = sum / Double(n)
    record.beliefMean = mean + 0.5
    record.beliefSD = max(0, squares / Double(n) - mean * mean).squareRoot()
    let minimum = max(1, Int((parameters.minShare * Double(n)).rounded(.up)))
    var count = 0
    var size = 0
    for b in 0..<bins {
      let occupied = Int(histogram[b])
      if occupied > 0 {
        size += occupied
      } else {
        if size >= minimum { count += 1 }
        size = 0
      }
    }
    if size >= minimum { count += 1 }
    record.clusters = count
  }
}
