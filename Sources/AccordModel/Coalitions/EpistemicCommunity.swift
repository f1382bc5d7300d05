/// Step 3: the believers' consensus `p_EC` and their policy project `y_EC`.
struct EpistemicCommunity {
  let believers: [Int]
  let gamma: Int
  private var peakWorkspace = WeightedOptimum.Workspace()

  init(world: World) {
    believers = world.agents.indices.filter { world.agents[$0].believer }
    gamma = world.parameters.utility.gamma
  }

  /// The credibility-weighted mean belief of the believers, and their mean credibility.
  func consensus(_ agents: borrowing AgentState) -> (belief: Double, credibility: Double) {
    guard !believers.isEmpty else { return (.nan, .nan) }
    var sum = 0.0
    var norm = 0.0
    for i in believers {
      sum += agents.credibility[i] * agents.belief[i]
      norm += agents.credibility[i]
    }
    let mean = norm > 0 ? sum / norm : .nan
    return (mean, norm / Double(believers.count))
  }

  /// The policy on one issue maximising the believers' summed utility at the consensus.
  mutating func project(consensus: Double, agents: borrowing AgentState) -> Double {
    guard !consensus.isNaN else { return .nan }
    let believers = believers
    let ideal = agents.ideal.base
    let kappa = agents.kappa.base
    let salience = agents.salience.base
    return WeightedOptimum.peak(
      count: believers.count, gamma: gamma,
      value: {
        UtilityShape.ideal(
          base: ideal[believers[$0]], kappa: kappa[believers[$0]], belief: consensus)
      },
      weight: { salience[believers[$0]] }, workspace: &peakWorkspace)
  }

  /// The project package: the believers' optimum issue by issue (utilities are separable).
  mutating func project(consensus: Double, issues: Int, specs: [AgentSpec], into y: inout [Double])
  {
    let believers = believers
    for k in 0..<issues {
      guard !consensus.isNaN else {
        y[k] = .nan
        continue
      }
      y[k] = WeightedOptimum.peak(
        count: believers.count, gamma: gamma,
        value: {
          let stance = specs[believers[$0]].stance(k)
          return UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: consensus)
        },
        weight: { specs[believers[$0]].stance(k).salience }, workspace: &peakWorkspace)
    }
  }
}
