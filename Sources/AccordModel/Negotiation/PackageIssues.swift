import AccordNumerics

/// Steps 6-7 with several issues (D >= 2): win-sets and the ZOPA on the grid of
/// ``PackageSpace``, and bargaining over packages, or issue by issue when a negotiator
/// has ruled linkage out.
///
/// Membership and persuasion use ``PackageSupport``. A round (``run(step:agents:negotiation:random:record:)``,
/// in `PackageIssues+Round.swift`) works in buffers sized here, so it allocates nothing:
/// judged win-sets, the executives' positions, the deal, the polish and the issue-by-issue
/// settlement all have their own.
struct PackageIssues {
  let space: PackageSpace
  let specs: [AgentSpec]
  let nations: [Nation]
  let rules: [QuotaRule]
  let international: QuotaRule
  let shape: UtilityShape
  let theta: Double
  private(set) var winMasks: [[Bool]]
  private(set) var zopaMask: [Bool]
  private(set) var trueZOPAMask: [Bool] = []
  /// Each nation's win-set at `theta*`, as bounds (the masks are not kept).
  private(set) var trueWinSetBounds: [SetBounds] = []
  /// The community's project package.
  var project: [Double]
  /// Every agent's position at the loaded beliefs, and each nation's factions.
  private(set) var factions: Factions
  /// Side-payment buffers per nation (stakes set up with each faction's weight and veto).
  var sidePayments: [SidePayments.Workspace]
  // A round's buffers, sized once so that a round allocates nothing.
  /// Each nation's win-set as the executives judge it this round, and the judged ZOPA.
  var judged: [[Bool]]
  var judgedZOPA: [Bool]
  var judgeScratch: [Bool]
  var shift: [Double]
  /// Each nation's executive, in nation order.
  let executives: [Int]
  /// The deal being made (D values) and the polish's scratch point.
  var dealPoint: [Double]
  var polishScratch: [Double]
  /// Settlement issue by issue: each nation's win-set on one issue, the issue's ZOPA, the
  /// sweeps that find them, the bargaining domain, and the executives' stakes on the issue.
  var issueSets: [IntervalSet]
  var issueZOPA = IntervalSet()
  var issueSweep: CoverageSweep
  var zopaSweep: CoverageSweep
  var domain = IntervalSet()
  var domainScratch = IntervalSet()
  var issueStakes: [(ideal: Double, salience: Double, slack: Double)]

  init(world: World, rules: [QuotaRule], international: QuotaRule, veto: [Bool]) {
    let parameters = world.parameters
    space = PackageSpace(
      issues: parameters.issues, statusQuo: parameters.statusQuos, shape: parameters.utility)
    specs = world.agents
    nations = world.nations
    self.rules = rules
    self.international = international
    shape = parameters.utility
    theta = parameters.theta
    project = [Double](repeating: .nan, count: parameters.issues)
    let cells = world.agents.count * parameters.issues
    factions = Factions(
      issues: parameters.issues, shape: parameters.utility,
      ideal: [Double](repeating: 0, count: cells), salience: [Double](repeating: 0, count: cells),
      slack: [Double](repeating: 0, count: world.agents.count), nations: world.nations,
      weights: world.nations.map { $0.agents.map { world.agents[$0].weight } },
      vetoes: world.nations.map { $0.agents.map { veto[$0] } }, rules: rules)
    let points = space.pointCount
    winMasks = world.nations.map { _ in [Bool](repeating: false, count: points) }
    zopaMask = [Bool](repeating: false, count: points)
    sidePayments = world.nations.map { nation in
      var workspace = SidePayments.Workspace(
        capacity: nation.sidePaymentEfficiency > 0 ? nation.agents.count : 0)
      if nation.sidePaymentEfficiency > 0 {
        for i in nation.agents {
          workspace.stakes.append(
            SidePayments.Stake(agent: i, gain: 0, weight: world.agents[i].weight, veto: veto[i]))
        }
      }
      return workspace
    }
    let d = parameters.issues
    let largest = world.nations.map(\.agents.count).max() ?? 0
    // Fresh arrays, not copies: a shared buffer would be copied at its first write.
    judged = world.nations.map { _ in [Bool](repeating: false, count: points) }
    judgedZOPA = [Bool](repeating: false, count: points)
    judgeScratch = [Bool](repeating: false, count: points)
    shift = [Double](repeating: 0, count: d)
    executives = world.nations.map(\.executive)
    dealPoint = [Double](repeating: 0, count: d)
    polishScratch = [Double](repeating: 0, count: d)
    issueSets = world.nations.map { nation in
      var set = IntervalSet()
      set.reserveCapacity(nation.agents.count + 1)
      return set
    }
    issueZOPA.reserveCapacity(world.agents.count + 1)
    domain.reserveCapacity(world.agents.count + 1)
    domainScratch.reserveCapacity(world.agents.count + 1)
    issueSweep = CoverageSweep(capacity: largest)
    zopaSweep = CoverageSweep(capacity: world.agents.count + 1)
    issueStakes = [(ideal: Double, salience: Double, slack: Double)](
      repeating: (0, 0, 0), count: world.nations.count)
    let theta = theta
    load { _ in theta }
    fillMasks()
    trueZOPAMask = zopaMask
    trueWinSetBounds = winMasks.map { space.bounds($0) }
  }

  func support(_ agents: borrowing AgentState) -> PackageSupport {
    PackageSupport(space: space, project: project, specs: specs, belief: agents.belief.base)
  }

  /// Sets every agent's position at the given beliefs.
  private mutating func load(belief: (Int) -> Double) {
    let d = space.issues
    for i in specs.indices {
      let spec = specs[i]
      let p = belief(i)
      var s = -spec.outside
      for k in 0..<d {
        let stance = spec.stance(k)
        let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: p)
        factions.ideal[i * d + k] = x
        factions.salience[i * d + k] = stance.salience
        s += stance.salience * shape.loss(space.statusQuo[k] - x)
      }
      factions.slack[i] = s
    }
  }

  /// Agent `i`'s `u(y) - d` at its loaded position.
  @inline(__always)
  func gain(_ i: Int, at y: UnsafeBufferPointer<Double>) -> Double { factions.gain(i, at: y) }

  /// Whether the factions of nation `k` that gain from `y` form a winning coalition.
  func isWinning(_ k: Int, at y: UnsafeBufferPointer<Double>) -> Bool {
    factions.isWinning(k, at: y)
  }

  /// Every nation's win-set on the grid at the loaded positions (with side payments, also
  /// the points where a winning coalition can be bought), and the ZOPA, in place.
  private mutating func fillMasks() {
    let points = space.points
    let d = space.issues
    let count = space.pointCount
    // Locals only in the loop: a method of `self` called in a closure over it copies the
    // whole struct at every call.
    let factions = factions
    for k in nations.indices {
      let members = nations[k].agents
      let rule = rules[k]
      let efficiency = nations[k].sidePaymentEfficiency
      var mask: [Bool] = []
      swap(&mask, &winMasks[k])
      factions.weights[k].withUnsafeBufferPointer { weights in
        factions.vetoes[k].withUnsafeBufferPointer { vetoes in
          factions.ideal.withUnsafeBufferPointer { ideal in
            factions.salience.withUnsafeBufferPointer { salience in
              factions.slack.withUnsafeBufferPointer { slack in
                points.withUnsafeBufferPointer { all in
                  mask.withUnsafeMutableBufferPointer { mask in
                    for g in 0..<count {
                      let y = UnsafeBufferPointer(
                        start: all.baseAddress.map { $0 + g * d }, count: d)
                      var inside = Factions.isWinning(
                        members, positions: (ideal, salience, slack), issues: d,
                        shape: factions.shape, weights: weights, vetoes: vetoes, rule: rule,
                        at: y)
                      if !inside && efficiency > 0 { inside = admitsPurchase(k, at: y) }
                      mask[g] = inside
                    }
                  }
                }
              }
            }
          }
        }
      }
      swap(&mask, &winMasks[k])
    }
    Self.combine(winMasks, nations: nations, international: international, into: &zopaMask)
  }

  /// The ZOPA mask of `masks`, in place: the points in enough nations' win-sets under the
  /// international rule.
  static func combine(
    _ masks: [[Bool]], nations: [Nation], international: QuotaRule, into zopa: inout [Bool]
  ) {
    for g in zopa.indices {
      var weight = 0.0
      var count = 0
      for k in masks.indices where masks[k][g] {
        weight += nations[k].internationalWeight
        count += 1
      }
      zopa[g] = international.isWinning(
        weight: weight, vetoes: international.vetoPlayers > 0 ? count : 0)
    }
  }

  /// Win-sets and the ZOPA on the grid, at current beliefs.
  mutating func compute(agents: borrowing AgentState, record: inout StepRecord) {
    let belief = agents.belief.base
    load { belief[$0] }
    fillMasks()
    for k in winMasks.indices { record.nationWinSet[k] = space.bounds(winMasks[k]) }
    record.perceivedZOPA = space.bounds(zopaMask)
  }

  /// Each nation's true gain (weight-weighted mean of `u*(y) - d*`) at package `y`.
  func trueGains(_ y: [Double], nationWeights: [Double]) -> [Double] {
    nations.indices.map { k in
      let total = nations[k].agents.reduce(0.0) { sum, i in
        sum + specs[i].weight * space.gain(space.position(specs[i], belief: theta), at: y)
      }
      return total / nationWeights[k]
    }
  }
}

extension PackageIssues {
  /// Every agent's position at the loaded beliefs (flat: ideal and salience on issue `k`
  /// at `i * D + k`, and the slack `sum_k s_k loss(q_k - x_k) - o`), and each nation's
  /// factions' weights, vetoes and ratification rule.
  ///
  /// The grid loops read this small value, not `PackageIssues`, whose methods copy the
  /// whole struct when called from a closure over it.
  struct Factions {
    let issues: Int
    let shape: UtilityShape
    var ideal: [Double]
    var salience: [Double]
    var slack: [Double]
    let nations: [Nation]
    /// Each nation's factions' weights and veto flags, in nation order.
    let weights: [[Double]]
    let vetoes: [[Bool]]
    let rules: [QuotaRule]

    /// Agent `i`'s `u(y) - d` at its loaded position.
    @inline(__always)
    func gain(_ i: Int, at y: UnsafeBufferPointer<Double>) -> Double {
      let d = issues
      var loss = 0.0
      for k in 0..<d { loss += salience[i * d + k] * shape.loss(y[k] - ideal[i * d + k]) }
      return slack[i] - loss
    }

    /// Whether the factions of nation `k` that gain from `y` form a winning coalition.
    func isWinning(_ k: Int, at y: UnsafeBufferPointer<Double>) -> Bool {
      weights[k].withUnsafeBufferPointer { weights in
        vetoes[k].withUnsafeBufferPointer { vetoes in
          isWinning(nations[k].agents, weights: weights, vetoes: vetoes, rule: rules[k], at: y)
        }
      }
    }

    /// Whether the factions `members` (their weights and vetoes in member order) that
    /// gain from `y` form a winning coalition under `rule`.
    @inline(__always)
    func isWinning(
      _ members: Range<Int>, weights: UnsafeBufferPointer<Double>,
      vetoes: UnsafeBufferPointer<Bool>, rule: QuotaRule, at y: UnsafeBufferPointer<Double>
    ) -> Bool {
      ideal.withUnsafeBufferPointer { ideal in
        salience.withUnsafeBufferPointer { salience in
          slack.withUnsafeBufferPointer { slack in
            Self.isWinning(
              members, positions: (ideal, salience, slack), issues: issues, shape: shape,
              weights: weights, vetoes: vetoes, rule: rule, at: y)
          }
        }
      }
    }

    /// The same test over raw positions: the grid loop's innermost arithmetic, with no
    /// array access in it.
    @inline(__always)
    static func isWinning(
      _ members: Range<Int>,
      positions: (
        ideal: UnsafeBufferPointer<Double>, salience: UnsafeBufferPointer<Double>,
        slack: UnsafeBufferPointer<Double>
      ), issues d: Int, shape: UtilityShape, weights: UnsafeBufferPointer<Double>,
      vetoes: UnsafeBufferPointer<Bool>, rule: QuotaRule, at y: UnsafeBufferPointer<Double>
    ) -> Bool {
      var weight = 0.0
      var count = 0
      var a = 0
      for i in members {
        var loss = 0.0
        for k in 0..<d {
          loss += positions.salience[i * d + k] * shape.loss(y[k] - positions.ideal[i * d + k])
        }
        // The arithmetic of `gain(_:at:)`, in the same order.
        if positions.slack[i] - loss >= -1e-12 {
          weight += weights[a]
          if vetoes[a] { count += 1 }
        }
        a += 1
      }
      return rule.isWinning(weight: weight, vetoes: count)
    }
  }
}
