import AccordReproduce
import AccordSweep
import ArgumentParser
import Foundation

/// `accord reproduce [sebenius|mayer|all]`: the papers' propositions as experiments.
struct ReproduceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reproduce",
    abstract: "Run the papers' experiments and write verdicts, figures and a report per paper.",
    discussion: """
      Each proposition is a sweep file in Configs/papers/<paper>/ with its statistic and \
      verdict rule declared in an experiment: section. Writes DIR/<paper>/README.md, \
      verdicts.csv, figures/*.svg and data/*.csv. Full mode writes into Results/ by \
      default; --quick uses each experiment's quick_replicates and writes into \
      runs/quick-results/, so it never overwrites the committed results. Then each \
      sampled-world space in Configs/papers/<paper>/space/ (its proposition's test in \
      paired worlds drawn by Latin hypercube) gives DIR/<paper>/space.csv, \
      space/<P>.csv and the README's "Where each proposition holds" section; --quick \
      uses its quick_worlds and quick_replicates.
      """)

  enum Paper: String, ExpressibleByArgument, CaseIterable {
    case sebenius, mayer, all
  }

  @Argument(help: "sebenius, mayer or all.")
  var paper: Paper = .all

  @Flag(
    help: "Fewer replicates (each experiment's quick_replicates; a space's quick_worlds), for CI.")
  var quick = false

  @Option(help: "Worker threads (default: all cores).")
  var jobs: Int?

  @Option(help: "Output folder (default: Results, or runs/quick-results with --quick).")
  var out: String?

  @Option(help: "Folder of the sweep stores (reused when rerun).")
  var work = "runs/reproduce"

  @Option(help: "Folder of the experiment files, one subfolder per paper.")
  var configs = "Configs/papers"

  @Flag(
    help: ArgumentHelp(
      "Run on copies of the worlds with their agent groups and nations listed in reverse "
        + "order (written under --work); a check that no verdict rests on the YAML's order."))
  var permuteWorlds = false

  func run() throws {
    let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
    guard jobs >= 1, jobs <= 1024 else {
      throw InputError("--jobs: \(jobs) is out of range; allowed: [1, 1024]")
    }
    let configs =
      permuteWorlds
      ? try WorldPermutation.tree(configs: self.configs, into: "\(work)/permuted-configs")
      : self.configs
    let reproduction = Reproduction(
      configs: configs, out: out ?? (quick ? "runs/quick-results" : "Results"), work: work,
      quick: quick, jobs: jobs)
    let papers = paper == .all ? Reproduction.papers.map(\.0) : [paper.rawValue]
    let interrupt = Interrupt(
      message: "stopping: finishing the runs in flight (rerun the same command to resume)",
      graceful: true)
    let stop = interrupt.stop
    for name in papers {
      let outcomes: [Reproduction.Outcome]
      do {
        outcomes = try reproduction.run(paper: name, stop: stop) { line in
          FileHandle.standardError.write(Data((line + "\n").utf8))
        }
      } catch let stopped as Stopped {
        FileHandle.standardError.write(Data("\(stopped)\n".utf8))
        throw ExitCode(interrupt.exitStatus)
      }
      let held = outcomes.filter { $0.verdict.holds }.count
      let propositions = Set(outcomes.map(\.experiment.proposition)).count
      print(
        "\(name): \(propositions) propositions in \(outcomes.count) experiments, \(held) hold; "
          + "report in "
          + "\(reproduction.out)/\(name)/README.md")
    }
    withExtendedLifetime(interrupt) {}
  }
}
