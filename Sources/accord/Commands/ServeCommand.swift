import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `accord serve [CONFIG]`: the explorer in the browser, run by the `accord-serve` program.
///
/// The server and its dependencies (Hummingbird, NIO) are a program of their own, so
/// `accord` builds in a fraction of the time; this command finds `accord-serve` beside
/// `accord`, builds it in a checkout the first time it is needed, and runs it in its
/// place with the same arguments.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Explore worlds in the browser: run, pause, vary parameters, watch the charts.",
    discussion: """
      Runs the accord-serve program beside accord with these arguments (`accord serve \
      --help` lists its options). In a checkout where it is not built yet, builds it first \
      with `swift build --product accord-serve` (a few minutes, once).
      """)

  @Argument(
    parsing: .captureForPassthrough,
    help: "CONFIG and options for accord-serve (see `accord serve --help`).")
  var arguments: [String] = []

  func run() throws {
    let server = try ServeProgram.locate()
    let argv = [server] + arguments
    var cArguments = argv.map { strdup($0) } + [nil]
    execv(server, &cArguments)
    throw InputError("cannot run \(server): \(String(cString: strerror(errno)))")
  }
}

/// Finding, and in a checkout building, the `accord-serve` program.
enum ServeProgram {
  static let name = "accord-serve"

  /// The path of `accord-serve` beside this executable, built first when missing in a
  /// SwiftPM checkout (`.build/<configuration>/accord`).
  static func locate() throws -> String {
    let executable = URL(
      fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]
    ).resolvingSymlinksInPath()
    let directory = executable.deletingLastPathComponent()
    let server = directory.appendingPathComponent(name).path
    if FileManager.default.isExecutableFile(atPath: server) { return server }
    guard let (root, configuration) = checkout(of: directory) else {
      throw InputError(
        "accord serve needs the \(name) program beside \(executable.path); build it in the "
          + "accord checkout with `swift build -c release --product \(name)` and copy it there")
    }
    let command = "swift build -c \(configuration) --product \(name)"
    FileHandle.standardError.write(
      Data(
        ("accord serve: building the server (\(name)) once, with `\(command)` in \(root); "
          + "this takes a few minutes the first time\n").utf8))
    let build = Process()
    build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    build.arguments = ["swift", "build", "-c", configuration, "--product", name]
    build.currentDirectoryURL = URL(fileURLWithPath: root)
    // The manifest leaves the server out under this variable (the quickstart's lean build);
    // this build is the one that needs it.
    var environment = ProcessInfo.processInfo.environment
    environment["ACCORD_WITHOUT_SERVE"] = nil
    build.environment = environment
    // The build's own output goes to stderr, so a script reading stdout for the URL
    // still sees only the server's lines.
    build.standardOutput = FileHandle.standardError
    do {
      try build.run()
    } catch {
      throw InputError("accord serve: cannot run `\(command)` in \(root): \(error)")
    }
    build.waitUntilExit()
    guard build.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: server) else {
      throw InputError(
        "accord serve: `\(command)` in \(root) failed (exit \(build.terminationStatus)); "
          + "fix the build and try again")
    }
    return server
  }

  /// The package root and configuration of a SwiftPM build folder
  /// (`ROOT/.build/<triple>/<configuration>`), if `directory` is one.
  static func checkout(of directory: URL) -> (root: String, configuration: String)? {
    let configuration = directory.lastPathComponent
    guard ["debug", "release"].contains(configuration) else { return nil }
    var url = directory
    while url.path != "/" {
      url.deleteLastPathComponent()
      if url.lastPathComponent == ".build" {
        let root = url.deletingLastPathComponent()
        let manifest = root.appendingPathComponent("Package.swift").path
        return FileManager.default.fileExists(atPath: manifest) ? (root.path, configuration) : nil
      }
    }
    return nil
  }
}
