import Foundation

/// PDF and PNG from an SVG figure, through `rsvg-convert` (Debian `librsvg2-bin`).
///
/// accord draws SVG itself; a raster or PDF copy needs the converter on the `PATH`. The
/// output is written beside the target under a temporary name and renamed into place,
/// so a failed conversion leaves nothing that looks like a figure.
package enum SVGConverter {
  /// The formats the converter writes, by file extension.
  package static let formats = ["pdf", "png"]

  /// The converter's path, if it is installed.
  package static func executable() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/rsvg-convert" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Converts `svg` to `path` in `format` (`pdf` or `png`).
  package static func convert(svg: String, to path: String, format: String) throws(ConversionError)
  {
    guard let tool = executable() else {
      throw ConversionError(
        path: path,
        message:
          "\(format.uppercased()) needs rsvg-convert (Debian: apt-get install librsvg2-bin); "
          + "write an .svg instead")
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let source = directory.appendingPathComponent(".\(url.lastPathComponent).svg.partial")
    let partial = directory.appendingPathComponent(".\(url.lastPathComponent).partial")
    defer {
      try? FileManager.default.removeItem(at: source)
      try? FileManager.default.removeItem(at: partial)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["-f", format, "-o", partial.path, source.path]
    let errors = Pipe()
    process.standardError = errors
    do {
      try Data(svg.utf8).write(to: source)
      try process.run()
      process.waitUntilExit()
    } catch {
      throw ConversionError(path: path, message: "cannot run rsvg-convert: \(error)")
    }
    guard process.terminationStatus == 0 else {
      let detail = String(
        decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      throw ConversionError(
        path: path,
        message: "rsvg-convert failed: \(detail.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    guard rename(partial.path, path) == 0 else {
      throw ConversionError(path: path, message: "cannot move the file into place")
    }
  }
}

/// A figure that could not be converted: one line naming the file.
package struct ConversionError: Error, CustomStringConvertible, Sendable {
  package var path: String
  package var message: String
  package var description: String { "\(path): \(message)" }
}
