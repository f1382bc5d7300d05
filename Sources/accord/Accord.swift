import AccordModel
import ArgumentParser

/// The `accord` command: run, validate and benchmark coalition-dynamics worlds.
@main
struct Accord: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accord",
    abstract: "Agent-based simulator of coalition dynamics in negotiations.",
    discussion: """
      A world is a YAML file: nations and their factions, an epistemic community, a \
      network, how agents learn and how evidence arrives. See docs/CONFIG.md.
      """,
    version: AccordVersion.current,
    subcommands: [
      RunCommand.self, ValidateCommand.self, InspectCommand.self, PowerCommand.self,
      SweepCommand.self, ExportCommand.self, ReproduceCommand.self, PlotCommand.self,
      BenchCommand.self,
      ServeCommand.self,
    ])
}
