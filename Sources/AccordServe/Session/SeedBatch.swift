import AccordConfig
import AccordIO
import AccordModel
import Foundation
internal import Yams

/// Several seeds of one world run one after another on one thread, for the page's band.
///
/// The batch holds one run slot while it steps, so it counts once against the server's
/// cap on concurrent runs, and keeps each seed's numbers (not its lines) until the last
/// seed ends (``SeedBand/maxValues`` bounds them). Each seed is a whole `accord run
/// --seed` of the world: loaded from the same config text and overrides, stepped by the
/// same loop, formatted by the same time-series formatter.
final class SeedBatch: SlotRun, @unchecked Sendable {
  let id: Int
  let seeds: [Int]
  let node: Node
  let path: String
  /// The config's id, which error messages name instead of its path.
  let name: String
  let steps: Int?
  let slots: RunSlots

  private let lock = NSLock()
  // Guarded by `lock`:
  private var cancelled = false
  private var done = 0
  private var sentDone = -1
  private var band: SeedBand?
  private var failure: String?
  private var over = false

  init(
    id: Int, seeds: [Int], node: Node, path: String, name: String, steps: Int?, slots: RunSlots
  ) {
    self.id = id
    self.seeds = seeds
    self.node = node
    self.path = path
    self.name = name
    self.steps = steps
    self.slots = slots
  }

  /// Starts the batch once a run slot is free.
  func start() { slots.submit(self) }

  func launch() {
    let thread = Thread { [self] in body() }
    thread.stackSize = 8 << 20
    thread.start()
  }

  func cancel() {
    lock.withLock { cancelled = true }
    _ = slots.withdraw(self)
  }

  var isCancelled: Bool { lock.withLock { cancelled } }

  /// Seeds done since the last call, and the band or the failure once at the end; nil
  /// when nothing changed.
  func drain() -> (done: Int, band: SeedBand?, failure: String?)? {
    lock.withLock {
      guard done != sentDone || over else { return nil }
      sentDone = done
      let result = (done, band, failure)
      if over {
        over = false
        band = nil
        failure = nil
      }
      return result
    }
  }

  private func body() {
    defer { slots.release() }
    var accumulator: SeedBand.Accumulator?
    do {
      for (k, seed) in seeds.enumerated() {
        let loaded = try ConfigLoader.load(node: node, path: path, seed: UInt32(seed), steps: steps)
        let world = loaded.world
        var simulation = try Simulation(world: world, seed: loaded.config.seed)
        let formatter = TimeSeriesFormatter(
          format: .csv, nations: world.nations.map(\.name), issues: world.parameters.issues)
        let collect =
          accumulator ?? SeedBand.Accumulator(columns: formatter.columns, runs: seeds.count)
        accumulator = collect
        var observer = Collector(
          batch: self, formatter: formatter, accumulator: collect, run: k)
        guard try simulation.run(steps: loaded.config.steps, observer: &observer) else { return }
        lock.withLock { done = k + 1 }
      }
      let result = accumulator?.band(seeds: seeds)
      lock.withLock {
        band = result
        over = true
      }
    } catch {
      let message = "\(error)".replacingOccurrences(of: path, with: name)
      lock.withLock {
        failure = message
        over = true
      }
    }
  }

  /// Hands each step's line to the accumulator; stops when the batch is cancelled.
  private struct Collector: StepObserver {
    let batch: SeedBatch
    var formatter: TimeSeriesFormatter
    let accumulator: SeedBand.Accumulator
    let run: Int

    mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
      accumulator.add(Substring(formatter.line(simulation)), run: run)
      return batch.isCancelled ? .stop : .proceed
    }
  }
}
