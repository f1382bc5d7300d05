import Accord
import CustomRules
import Foundation

// custom-rules run CONFIG OUT       runs CONFIG with this package's rules registered and
//                                   writes OUT/timeseries.csv, OUT/agents.csv (every step)
//                                   and OUT/inspection.json (the step-0 ratification rules)
// custom-rules steps CONFIG STEPS  runs CONFIG for STEPS steps and writes nothing
//                                   (Benchmarks/allocations.sh counts its allocations)
// custom-rules bench CONFIG STEPS REPEATS
//                                   times CONFIG's world stepping under the built-in
//                                   hegselmann-krause and this package's bounded-mean,
//                                   interleaved, and prints agent-steps/s for each

/// Writes the time series and agent rows of every step.
struct Recorder: StepObserver, ~Copyable {
  var series: TimeSeriesWriter
  var agents: AgentWriter

  mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
    try series.write(simulation)
    try agents.write(simulation)
    return .proceed
  }
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("custom-rules: \(message)\n".utf8))
  exit(1)
}

func run(config path: String, out: String) throws {
  let loaded = try ConfigLoader.load(path: path, rules: RuleRegistry.withCustomRules())
  let world = loaded.world
  try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
  var recorder = Recorder(
    series: try TimeSeriesWriter(
      path: "\(out)/timeseries.csv", format: .csv, nations: world.nations.map(\.name),
      issues: world.parameters.issues),
    agents: try AgentWriter(path: "\(out)/agents.csv", format: .csv, world: world))
  var simulation = try Simulation(world: world, seed: loaded.config.seed)
  try simulation.run(steps: loaded.config.steps, observer: &recorder)
  try recorder.series.commit()
  try recorder.agents.commit()
  var fresh = try Simulation(world: world, seed: loaded.config.seed)
  let inspection = try fresh.inspect(trueBeliefs: false)
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
  try encoder.encode(inspection).write(to: URL(fileURLWithPath: "\(out)/inspection.json"))
  print("wrote \(out): \(simulation.step) steps of \(world.agents.count) agents")
}

func bench(config path: String, steps: Int, repeats: Int) throws {
  let rules = try RuleRegistry.withCustomRules()
  let loaded = try ConfigLoader.load(path: path, rules: rules)
  guard let custom = rules.learningMode(named: "bounded-mean") else { fail("not registered") }
  let modes = [LearningMode.hegselmannKrause, custom]
  var seconds = [[Double]](repeating: [], count: modes.count)
  var finals = [[Double]](repeating: [], count: modes.count)
  for _ in 0..<repeats {
    for (m, mode) in modes.enumerated() {
      var world = loaded.world
      world.parameters.learning.mode = mode
      var simulation = try Simulation(world: world, seed: loaded.config.seed)
      let clock = ContinuousClock()
      let start = clock.now
      simulation.run(steps: steps)
      let elapsed = start.duration(to: clock.now)
      let (s, atto) = elapsed.components
      seconds[m].append(Double(s) + Double(atto) * 1e-18)
      finals[m] = simulation.agents.belief.array
      if simulation.step != steps { fail("the run stopped at step \(simulation.step) of \(steps)") }
    }
  }
  let n = Double(loaded.world.agents.count)
  print(
    "world: \(loaded.world.agents.count) agents, \(loaded.world.graph.edgeCount) edges, "
      + "\(steps) steps, \(repeats) repeats interleaved (median)")
  for (m, mode) in modes.enumerated() {
    let sorted = seconds[m].sorted()
    let median = sorted[sorted.count / 2]
    let rate = n * Double(steps) / median
    print(
      "\(mode.rawValue): \(String(format: "%.2f", rate / 1e6)) M agent-steps/s "
        + "(median \(String(format: "%.4f", median)) s)")
  }
  print("final beliefs identical: \(finals[0] == finals[1])")
}

let arguments = CommandLine.arguments
do {
  switch arguments.count > 1 ? arguments[1] : "" {
  case "run" where arguments.count == 4:
    try run(config: arguments[2], out: arguments[3])
  case "steps" where arguments.count == 4:
    guard let steps = Int(arguments[3]), steps > 0 else { fail("STEPS is a positive integer") }
    let loaded = try ConfigLoader.load(path: arguments[2], rules: RuleRegistry.withCustomRules())
    var simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
    simulation.run(steps: steps)
    print("ran \(simulation.step) steps")
  case "bench" where arguments.count == 5:
    guard let steps = Int(arguments[3]), let repeats = Int(arguments[4]), steps > 0, repeats > 0
    else { fail("STEPS and REPEATS are positive integers") }
    try bench(config: arguments[2], steps: steps, repeats: repeats)
  default:
    fail(
      "usage: custom-rules run CONFIG OUT | custom-rules steps CONFIG STEPS"
        + " | custom-rules bench CONFIG STEPS REPEATS")
  }
} catch {
  fail("\(error)")
}
