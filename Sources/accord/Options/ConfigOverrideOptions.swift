import AccordConfig
import AccordIO
import ArgumentParser

/// `--set PATH=VALUE`, repeatable: config values changed on the command line.
///
/// Paths are those of sweep factors (`theta`, `evidence.trials`,
/// `nations[North].agents[north-industry].outside`), and refusals read the same.
struct ConfigOverrideOptions: ParsableArguments {
  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Set a config value (repeatable), e.g. --set theta=0.5 --set nations[North].rule=unanimity.",
      valueName: "PATH=VALUE"))
  var assignments: [String] = []

  /// The parsed overrides, in order.
  func parsed() throws -> [ConfigOverride] {
    try assignments.map { text in
      do {
        return try ConfigOverride(argument: text)
      } catch {
        throw InputError("--set \(YAMLLimits.quoted(text)): \(error)")
      }
    }
  }

  /// Loads the config at `path` with the overrides and `--seed`/`--steps` applied.
  func load(path: String, seed: UInt32? = nil, steps: Int? = nil) throws -> (
    LoadedConfig, [RecordedOverride]
  ) {
    let overrides = try parsed()
    let loaded = try ConfigOverride.load(
      path: path, overrides: overrides, seed: seed, steps: steps)
    return (
      loaded,
      overrides.map { RecordedOverride(path: $0.path.text, value: ConfigValue($0.value)) }
    )
  }
}
