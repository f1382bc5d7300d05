import AccordConfig
import AccordIO
import AccordModel
import Foundation

/// One run of a world on its own thread, steered by the page and read by the sender.
///
/// The step loop never waits on the socket: each step appends its line's bytes to a
/// buffer reserved for the whole run, under one lock taken once per step, and goes on;
/// the session's sender copies out the new bytes at its own pace (about 25 times a
/// second) and does the splitting and encoding off the step thread. The loop waits
/// only when paused, and stops at its next step when cancelled (the tab closed, Reset,
/// or a new run).
final class RunController: SlotRun, @unchecked Sendable {
  let id: Int
  let loaded: LoadedConfig
  let configFile: String
  let steps: Int
  /// The server's run slots: the thread starts when one is free.
  let slots: RunSlots

  private let condition = NSCondition()
  // Guarded by `condition`:
  /// Steps the loop may still take; `Int.max` while running freely.
  private var budget: Int
  private var cancelled = false
  /// Bytes of `csv` already handed to the sender (the header counts as sent).
  private var sent = 0
  private var step = 0
  private var outcome: RunOutcome?
  private var outcomeTaken = false
  /// The time-series file so far, as UTF-8 bytes.
  private var csv: [UInt8] = []
  private var summaryJSON: String?
  private var pausedSince: ContinuousClock.Instant?
  private var pausedTotal = Duration.zero
  private var exited = false
  /// Steps per second when running freely (0: as fast as possible).
  private var stepsPerSecond: Double
  /// When a paced run may take its next step.
  private var nextStepAt: ContinuousClock.Instant?
  /// The sender wants the agents' state at the next step (network view only).
  private var snapshotWanted = true
  private var snapshot: AgentSnapshot?
  /// Whether the page shows this world's network (small worlds only).
  let showsNetwork: Bool

  init(
    id: Int, loaded: LoadedConfig, configFile: String, paused: Bool, slots: RunSlots,
    speed: Double = 0
  ) {
    self.id = id
    stepsPerSecond = speed
    self.slots = slots
    self.loaded = loaded
    self.configFile = configFile
    self.steps = loaded.config.steps
    showsNetwork = loaded.world.agents.count <= NetworkView.maxAgents
    budget = paused ? 0 : Int.max
    pausedSince = paused ? .now : nil
  }

  /// Starts the loop on a new thread once a run slot is free.
  func start() { slots.submit(self) }

  /// Starts the loop on a new thread (the slots call this when the run has a slot).
  func launch() {
    let thread = Thread { [self] in body() }
    thread.stackSize = 8 << 20
    thread.name = "accord-run-\(id % 10_000)"
    thread.start()
  }

  func pause() { change { $0.budget = 0 } }
  /// Sets the pace: steps per second, or 0 for as fast as possible.
  func setSpeed(_ speed: Double) { change { $0.stepsPerSecond = speed } }
  func resume() { change { $0.budget = Int.max } }
  /// Lets a paused run take one more step; a running one stops after its next step.
  func stepOnce() { change { $0.budget = $0.budget == Int.max ? 1 : $0.budget + 1 } }
  func cancel() {
    change { $0.cancelled = true }
    // A run that never got a slot has no thread to notice; it ends here.
    if slots.withdraw(self) {
      condition.lock()
      exited = true
      condition.unlock()
    }
  }

  /// The lines since the last call, the state, and the outcome once (with its last lines).
  func drain() -> RunUpdate {
    condition.lock()
    // Only a copy of the new bytes under the lock (the step thread waits for it);
    // the split into lines happens after, on the sender's thread.
    let fresh = Array(csv[sent...])
    sent = csv.count
    var finished: RunOutcome?
    if let outcome, !outcomeTaken {
      finished = outcome
      outcomeTaken = true
    }
    let agents = snapshot
    snapshot = nil
    snapshotWanted = true
    let (step, paused) = (self.step, budget == 0)
    condition.unlock()
    return RunUpdate(
      lines: Self.lines(fresh), step: step, paused: paused, finished: finished, agents: agents,
      queued: slots.position(of: self))
  }

  /// Whole lines (each ends in a newline) cut at their newlines, without them.
  static func lines(_ text: [UInt8]) -> [String] {
    text.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The finished run's files as `accord run` writes them; nil before the end.
  func files() -> [String: String]? {
    condition.lock()
    defer { condition.unlock() }
    guard let summaryJSON else { return nil }
    return ["timeseries.csv": String(decoding: csv, as: UTF8.self), "summary.json": summaryJSON]
  }

  /// The last step recorded so far.
  var latestStep: Int {
    condition.lock()
    defer { condition.unlock() }
    return step
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
    ThreadScheduling.interactiveCurrentThread()
    #if os(Linux)
    // Foundation does not pass a Thread's name on to Linux; a name the kernel keeps
    // (15 bytes at most) lets `top -H` and `perf report --sort comm` show the loop.
    let fd = open("/proc/thread-self/comm", O_WRONLY)
    if fd >= 0 {
      let name = Array("accord-run-\(id % 10_000)".utf8)
      _ = name.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      close(fd)
    }
    #endif
    defer {
      condition.lock()
      exited = true
      condition.unlock()
      slots.release()
    }
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = Self.threadCPUSeconds()
    var finalStep = 0
    do {
      var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
      let world = loaded.world
      let formatter = TimeSeriesFormatter(
        format: .csv, nations: world.nations.map(\.name), issues: world.parameters.issues)
      // Room for every line up front (the step-0 line times the steps, with a margin
      // for longer numbers), so no step pays for the buffer growing.
      var probe = formatter
      let lineBytes = probe.line(simulation).utf8.count * 5 / 4
      let reserve =
        formatter.header.utf8.count + (min(steps, ExplorerSession.maxSteps) + 1) * lineBytes
      condition.lock()
      csv.reserveCapacity(reserve)
      csv.append(contentsOf: formatter.header.utf8)
      sent = csv.count
      condition.unlock()
      // No gate before the run: the initial state (step 0) shows at once, even paused;
      // the recorder's gate after it is the one before step 1.
      var recorder = Recorder(controller: self, formatter: formatter, steps: steps)
      // A cancelled run (the tab closed, Reset, a new run) ends with no outcome.
      guard try simulation.run(steps: steps, observer: &recorder) else { return }
      finalStep = simulation.step
      let document = RunDocument(
        of: simulation, config: loaded.config, configFile: configFile, stepsRequested: steps,
        complete: true, files: ["timeseries.csv", "summary.json"])
      let json = try document.encoded()
      finish(
        RunOutcome(
          summary: document.summary, stoppedAtAgreement: simulation.isFinished, steps: finalStep,
          seconds: seconds(since: start),
          cpuSeconds: Self.threadCPUSeconds().flatMap { end in cpuStart.map { end - $0 } }),
        summary: json)
    } catch {
      finish(
        RunOutcome(
          summary: nil, stoppedAtAgreement: false, steps: finalStep,
          seconds: seconds(since: start), failure: "\(error)"), summary: nil)
    }
  }

  /// The calling thread's CPU time in seconds, where the platform reports it.
  private static func threadCPUSeconds() -> Double? {
    #if os(Linux)
    var time = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return nil }
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    #else
    return nil
    #endif
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

  /// Waits until the loop may take a step; says stop when cancelled.
  ///
  /// The caller holds the lock.
  private func awaitLeave() -> StepControl {
    while true {
      while budget == 0 && !cancelled { condition.wait() }
      if cancelled { return .stop }
      // A paced run waits for its beat; single steps (Step) go at once. A pause, a new
      // speed or a cancel wakes the wait (they broadcast).
      guard stepsPerSecond > 0, budget == Int.max, let due = nextStepAt else { break }
      let now = ContinuousClock.now
      if now >= due { break }
      _ = condition.wait(until: Date(timeIntervalSinceNow: Self.seconds(due - now)))
    }
    if stepsPerSecond > 0 {
      // On the beat while keeping up; from now after a pause or a late step.
      let now = ContinuousClock.now
      let interval = Duration.seconds(1 / stepsPerSecond)
      let due = nextStepAt ?? now
      nextStepAt = now - due < interval ? due + interval : now + interval
    } else {
      nextStepAt = nil
    }
    if budget != Int.max { budget -= 1 }
    return .proceed
  }

  private static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  /// What the loop does after storing a step's line.
  fileprivate enum Next {
    /// Take the agents' state for the sender, then ``proceed(_:last:)``.
    case snapshot
    case go(StepControl)
  }

  /// Stores one step's line; says whether the sender wants the agents' state.
  ///
  /// Unless it was the last step or the sender wants the agents' state (then
  /// ``proceed(_:last:)`` follows), it also waits for leave to go on, so a step takes
  /// the lock once.
  fileprivate func record(_ line: String, step: Int, last: Bool) -> Next {
    condition.lock()
    defer { condition.unlock() }
    csv.append(contentsOf: line.utf8)
    self.step = step
    if showsNetwork && (snapshotWanted || last) {
      snapshotWanted = false
      return .snapshot
    }
    return .go(last ? .proceed : awaitLeave())
  }

  /// Stores the agents' state for the sender; then, unless it was the last step, waits
  /// for leave to go on.
  fileprivate func proceed(_ agents: AgentSnapshot, last: Bool) -> StepControl {
    condition.lock()
    defer { condition.unlock() }
    snapshot = agents
    return last ? .proceed : awaitLeave()
  }

  /// Streams each step's line, from the initial state (step 0), to the controller.
  private struct Recorder: StepObserver {
    let controller: RunController
    var formatter: TimeSeriesFormatter
    let steps: Int

    mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
      let last = simulation.step >= steps || simulation.isFinished
      switch controller.record(formatter.line(simulation), step: simulation.step, last: last) {
      case .snapshot:
        // At most once per send (about 25 a second), so these copies stay off the step loop.
        return controller.proceed(AgentSnapshot(simulation), last: last)
      case .go(let control):
        return control
      }
    }
  }
}
