import AccordConfig
import AccordModel
import ArgumentParser
import Foundation

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
      ServeCommand.self, SchemaCommand.self,
    ])

  /// Parses the command line, first catching what the parser would explain badly: a
  /// command group called without a subcommand (usage, exit 64, as for other usage
  /// errors) and a misspelt subcommand (with the closest name).
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let usage = CommandLineCheck.usageProblem(arguments) {
      FileHandle.standardError.write(Data((usage + "\n").utf8))
      Foundation.exit(64)
    }
    main(arguments)
  }
}

/// Checks of the command path before ArgumentParser sees it.
enum CommandLineCheck {
  /// The groups of subcommands, by their path of names.
  static let groups: [[String]: any ParsableCommand.Type] = [
    []: Accord.self, ["sweep"]: SweepCommand.self,
  ]

  /// The subcommand names of a group (with `help`).
  static func names(_ command: any ParsableCommand.Type) -> [String] {
    command.configuration.subcommands.map { $0._commandName } + ["help"]
  }

  /// A bare group (`accord`, `accord sweep`) or an unknown subcommand of one: the text
  /// to print; nil when the parser should handle it.
  static func usageProblem(_ arguments: [String]) -> String? {
    var path: [String] = []
    var rest = arguments[...]
    while let command = groups[path] {
      let known = names(command)
      guard let word = rest.first else {
        let title = (["accord"] + path).joined(separator: " ")
        return "Error: \(title) needs a subcommand\n" + Accord.helpMessage(for: command)
      }
      if word.hasPrefix("-") { return nil }
      guard known.contains(word) else {
        let title = (["accord"] + path).joined(separator: " ")
        var line =
          "Error: '\(word)' is not a command of \(title); commands: "
          + known.dropLast().joined(separator: ", ")
        if let guess = KeySuggestion.closest(to: word, among: known) {
          line += " (did you mean '\(title) \(guess)'?)"
        }
        return line + "\nSee '\(title) --help' for more information."
      }
      path.append(word)
      rest = rest.dropFirst()
    }
    return nil
  }
}
