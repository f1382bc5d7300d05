import AccordConfig
import AccordIO
import AccordModel
import Foundation
internal import Yams

/// The session's instrument: scrubbing and inspecting the current run, and bands of seeds.
extension ExplorerSession {
  /// The most seeds one band runs.
  package static let maxSeeds = 32

  /// The current run's agents at `step`, replayed (see ``RunReplay``), with agent
  /// `agent`'s `agents.csv` row there.
  func frame(step: Int, agent: Int?) throws(MessageError) -> ServerMessage {
    guard let run = currentRun else {
      throw MessageError(.state, "no run to inspect; press Run or Step first")
    }
    guard run.showsNetwork else {
      throw MessageError(
        .state,
        "agents are inspected in worlds of up to \(NetworkView.maxAgents) agents; "
          + "this one has \(run.loaded.world.agents.count) (use accord run --agents)")
    }
    let latest = run.latestStep
    guard (0...latest).contains(step) else {
      throw MessageError(
        .badParameter, "step \(step) is out of range; allowed: [0, \(latest)] (the steps run)")
    }
    let count = run.loaded.world.agents.count
    if let agent, !(0..<count).contains(agent) {
      throw MessageError(
        .badParameter, "agent \(agent) is out of range; allowed: [0, \(count - 1)]")
    }
    do {
      if replay?.run != run.id { replay = try RunReplay(run: run.id, loaded: run.loaded) }
      guard let replay else { throw MessageError(.state, "no run to replay") }
      let (snapshot, detail) = try replay.frame(step: step, agent: agent)
      return .frame(run: run.id, snapshot: snapshot, agent: detail)
    } catch {
      throw MessageError(.badConfig, "cannot replay this run: \(error)")
    }
  }

  /// Starts `count` seeds of the request's world from its seed on, replacing any batch.
  func startSeeds(_ request: RunRequest, count: Int) throws(MessageError) {
    guard (2...Self.maxSeeds).contains(count) else {
      throw MessageError(
        .badParameter, "seeds \(count) is out of range; allowed: [2, \(Self.maxSeeds)]")
    }
    let entry = try catalog.resolve(request.config)
    // The first seed loads as a run would (every check, the memory estimate included).
    let first = try load(entry, request)
    let seed = Int(first.config.seed)
    guard seed + count - 1 <= Int(WorldConfig.maxSeed) else {
      throw MessageError(
        .badParameter,
        "seeds \(seed) to \(seed + count - 1) pass the largest seed \(WorldConfig.maxSeed)")
    }
    let columns = TimeSeriesWriter.columns(
      nations: first.world.nations.map(\.name), issues: first.world.parameters.issues
    ).count
    let values = count * (first.config.steps + 1) * columns
    guard values <= SeedBand.maxValues else {
      throw MessageError(
        .tooLarge,
        "\(count) seeds of \(first.config.steps + 1) steps and \(columns) columns hold "
          + "\(values) values; a band holds at most \(SeedBand.maxValues) "
          + "(fewer seeds or steps, or accord sweep)")
    }
    let node: Node
    do {
      node = try ConfigOverrides.apply(
        request.params,
        to: try ConfigLoader.compose(yaml: try catalog.text(of: entry), path: entry.path))
    } catch let error as MessageError {
      throw error
    } catch {
      throw MessageError(
        .badConfig, "\(error)".replacingOccurrences(of: entry.path, with: entry.id))
    }
    batch?.cancel()
    let started = SeedBatch(
      id: nextRun, seeds: Array(seed..<(seed + count)), node: node, path: entry.path,
      name: entry.id, steps: request.steps, slots: slots)
    nextRun += 1
    batch = started
    started.start()
  }
}
