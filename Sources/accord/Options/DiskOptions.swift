import ArgumentParser

/// `--max-disk`: the most a command may write, checked with the free space before it
/// writes anything.
struct DiskOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Refuse to start when the estimated output exceeds this (e.g. 50MB, 2GB; the free "
        + "space is always checked).", valueName: "SIZE"))
  var maxDisk: String?

  /// The limit in bytes and how the user gave it, or nil without `--max-disk`.
  func limit() throws -> (bytes: Double, source: String)? {
    guard let maxDisk else { return nil }
    guard let bytes = ResourceOptions.parseSize(maxDisk), bytes > 0, bytes.isFinite else {
      throw InputError(
        "--max-disk: '\(maxDisk)' is not a size; give a number of bytes with an optional "
          + "unit KB, MB, GB or TB (e.g. 500MB)")
    }
    return (bytes, "--max-disk \(maxDisk)")
  }
}
