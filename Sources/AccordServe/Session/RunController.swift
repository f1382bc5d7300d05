import AccordConfig
import AccordIO
import AccordModel
import Foundation

/// One run of a world on its own thread, steered by the page and read by the sender.
///
/// The step loop never waits on the socket: each step appends its line under a lock
/// and goes on; the session's sender drains the lines at its own pace (at most about
/// 30 times a second). The loop waits only when paused, and stops at its next step
/// when cancelled (the tab closed, Reset, or a new run).
final class RunController: @unchecked Sendable {
  let id: Int
  let loaded: LoadedConfig
  let configFile: String
  let steps: Int

  private let condition = NSCondition()
  // Guarded by `condition`:
  /// Steps the loop may still take; `Int.max` while running freely.
  private var budget: Int
  private var cancelled = false
  /// UTF-8 bytes of `csv` already handed to the sender (the header counts as sent).
  private var sent = 0
  private var step = 0
  private var outcome: RunOutcome?
  private var outcomeTaken = false
  private var csv = ""
  private var summaryJSON: String?
  private var pausedSince: ContinuousClock.Instant?
  private var pausedTotal = Duration.zero
  private var exited = false
  /// The sender wants the agents' state at the next step (network view only).
  private var snapshotWanted = true
  private var snapshot: AgentSnapshot?
  /// Whether the page shows this world's network (small worlds only).
  let showsNetwork: Bool

  private struct Cancelled: Error {}

  init(id: Int, loaded: LoadedConfig, configFile: String, paused: Bool) {
    self.id = id
    self.loaded = loaded
    self.configFile = configFile
    self.steps = loaded.config.steps
    showsNetwork = loaded.world.agents.count <= NetworkView.maxAgents
    budget = paused ? 0 : Int.max
    pausedSince = paused ? .now : nil
  }

  /// Starts the loop on a new thread.
  func start() {
    let thread = Thread { [self] in body() }
    thread.stackSize = 8 << 20
    thread.name = "accord-serve-run-\(id)"
    thread.start()
  }

  func pause() { change { $0.budget = 0 } }
  func resume() { change { $0.budget = Int.max } }
  /// Lets a paused run take one more step; a running one stops after its next step.
  func stepOnce() { change { $0.budget = $0.budget == Int.max ? 1 : $0.budget + 1 } }
  func cancel() { change { $0.cancelled = true } }

  /// The lines since the last call, the state, and the outcome once (with its last lines).
  func drain() -> RunUpdate {
    condition.lock()
    defer { condition.unlock() }
    // The new lines are cut from the file text here, at most ~30 times a second,
    // rather than copied out on every step.
    let utf8 = csv.utf8
    let lines = csv[utf8.index(utf8.startIndex, offsetBy: sent)...]
      .split(separator: "\n").map(String.init)
    sent = utf8.count
    var finished: RunOutcome?
    if let outcome, !outcomeTaken {
      finished = outcome
      outcomeTaken = true
    }
    let agents = snapshot
    snapshot = nil
    snapshotWanted = true
    return RunUpdate(
      lines: lines, step: step, paused: budget == 0, finished: finished, agents: agents)
  }

  /// The finished run's files as `accord run` writes them; nil before the end.
  func files() -> [String: String]? {
    condition.lock()
    defer { condition.unlock() }
    guard let summaryJSON else { return nil }
    return ["timeseries.csv": csv, "summary.json": summaryJSON]
  }

  var isFinished: Bool {
    condition.lock()
    defer { condition.unlock() }
    return outcome != nil
  }

  private func change(_ update: (RunController) -> Void) {
    condition.lock()
    update(self)
    if budget > 0, let since = pausedSince {
      pausedTotal += ContinuousClock.now - since
      pausedSince = nil
    } else if budget == 0, pausedSince == nil {
      pausedSince = .now
    }
    condition.broadcast()
    condition.unlock()
  }

  /// True once the loop's thread has returned (finished, failed or cancelled).
  var hasExited: Bool {
    condition.lock()
    defer { condition.unlock() }
    return exited
  }

  private func body() {
    defer {
      condition.lock()
      exited = true
      condition.unlock()
    }
    let clock = ContinuousClock()
    let start = clock.now
    var finalStep = 0
    do {
      var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
      let world = loaded.world
      let formatter = TimeSeriesFormatter(
        format: .csv, nations: world.nations.map(\.name), issues: world.parameters.issues)
      condition.lock()
      csv = formatter.header
      sent = csv.utf8.count
      condition.unlock()
      // No gate before the run: the initial state (step 0) shows at once, even paused;
      // the recorder's gate after it is the one before step 1.
      var recorder = Recorder(controller: self, formatter: formatter, steps: steps)
      try simulation.run(steps: steps, observer: &recorder)
      finalStep = simulation.step
      let summary = simulation.summary()
      let document = RunDocument(
        versions: .current, configFile: configFile, seed: loaded.config.seed,
        stepsRequested: steps, stoppedAtAgreement: simulation.isFinished, complete: true,
        lastStep: simulation.step, files: ["timeseries.csv", "summary.json"], config: loaded.config,
        summary: summary)
      let json = try document.encoded()
      finish(
        RunOutcome(
          summary: summary, stoppedAtAgreement: simulation.isFinished, steps: finalStep,
          seconds: seconds(since: start)), summary: json)
    } catch is Cancelled {
      return
    } catch {
      finish(
        RunOutcome(
          summary: nil, stoppedAtAgreement: false, steps: finalStep,
          seconds: seconds(since: start), failure: "\(error)"), summary: nil)
    }
  }

  private func seconds(since start: ContinuousClock.Instant) -> Double {
    condition.lock()
    defer { condition.unlock() }
    let elapsed = ContinuousClock.now - start - pausedTotal
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  private func finish(_ outcome: RunOutcome, summary: String?) {
    condition.lock()
    self.outcome = outcome
    summaryJSON = summary
    condition.unlock()
  }

  /// Waits until the loop may take a step; throws when cancelled.
  private func gate() throws {
    condition.lock()
    defer { condition.unlock() }
    while budget == 0 && !cancelled { condition.wait() }
    if cancelled { throw Cancelled() }
    if budget != Int.max { budget -= 1 }
  }

  /// Stores one step's line; returns whether the sender wants the agents' state too.
  fileprivate func record(_ line: String, step: Int, last: Bool) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    csv += line
    self.step = step
    let wanted = showsNetwork && (snapshotWanted || last)
    if wanted { snapshotWanted = false }
    return wanted
  }

  /// Stores the agents' state for the sender; then, unless it was the last step, waits
  /// for leave to go on.
  fileprivate func proceed(_ agents: AgentSnapshot?, last: Bool) throws {
    if let agents {
      condition.lock()
      snapshot = agents
      condition.unlock()
    }
    if !last { try gate() }
  }

  /// Streams each step's line, from the initial state (step 0), to the controller.
  private struct Recorder: StepObserver {
    let controller: RunController
    var formatter: TimeSeriesFormatter
    let steps: Int

    mutating func observe(_ simulation: borrowing Simulation) throws {
      let last = simulation.step >= steps || simulation.isFinished
      let wanted = controller.record(formatter.line(simulation), step: simulation.step, last: last)
      // At most once per send (about 30 a second), so these copies stay off the step loop.
      try controller.proceed(wanted ? Self.snapshot(simulation) : nil, last: last)
    }

    private static func snapshot(_ simulation: borrowing Simulation) -> AgentSnapshot {
      let n = simulation.agents.count
      var beliefs = [Int](repeating: 0, count: n)
      var members = [Character](repeating: "0", count: n)
      for i in 0..<n {
        let p = simulation.agents.belief[i]
        beliefs[i] = p.isFinite ? Int((min(max(p, 0), 1) * 1000).rounded()) : 0
        if simulation.agents.member[i] { members[i] = "1" }
      }
      return AgentSnapshot(step: simulation.step, beliefs: beliefs, members: String(members))
    }
  }
}
