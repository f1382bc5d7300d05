// swift-tools-version: 6.0
import PackageDescription

// The library targets' imports are internal unless marked `public import` (or `package
// import`), so a module's public API can name only what it imports publicly.
let internalImports: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
  name: "accord",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "accord", targets: ["accord"]),
    // The front door for scripting runs from Swift: re-exports the model, configs and writers
    // (and the numerics and power modules their public API names).
    .library(name: "Accord", targets: ["Accord"]),
    .library(name: "AccordModel", targets: ["AccordModel"]),
    .library(name: "AccordConfig", targets: ["AccordConfig"]),
    .library(name: "AccordIO", targets: ["AccordIO"]),
    .library(name: "AccordNumerics", targets: ["AccordNumerics"]),
    .library(name: "AccordPower", targets: ["AccordPower"]),
    .library(name: "AccordPlot", targets: ["AccordPlot"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // A cache hint for the learning kernel, header only. Not API: only AccordModel imports it.
    .systemLibrary(name: "CPrefetch"),
    // C shim over GSL. Not API: only AccordNumerics imports it.
    .systemLibrary(
      name: "CGSL",
      pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"])]
    ),
    // C shim over the system SQLite. Not API: only AccordSQLite imports it.
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    // The sweep store's SQLite layer: a serialized connection, statements and typed rows,
    // with no C type in its (package) API. Our own rather than GRDB, whose build was the
    // largest single cost of a first build, for the few calls the store makes.
    .target(name: "AccordSQLite", dependencies: ["CSQLite"], swiftSettings: internalImports),
    // Safe Swift layer over GSL: no C type crosses its public API.
    .target(name: "AccordNumerics", dependencies: ["CGSL"], swiftSettings: internalImports),
    // One escaper per output format (CSV, JSON, XML, SQL identifiers), for every writer.
    .target(name: "AccordEscaping", swiftSettings: internalImports),
    // Weighted voting games: power indices, veto and dummy players, minimal winning coalitions.
    .target(
      name: "AccordPower", dependencies: ["AccordNumerics"], swiftSettings: internalImports),
    // The model: agents, learning, coalitions, negotiation, the step loop.
    .target(
      name: "AccordModel", dependencies: ["AccordNumerics", "AccordPower", "CPrefetch"],
      swiftSettings: internalImports),
    // YAML configs: decoding, validation with line:column messages, world building.
    .target(
      name: "AccordConfig",
      dependencies: [
        "AccordEscaping", "AccordModel", "AccordNumerics", "AccordPower",
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: internalImports
    ),
    // Sweeps: sweep files, experimental designs, run seeds, plans. Plumbing for the CLI and
    // AccordReproduce (package access), so it has no library product.
    .target(
      name: "AccordSweep",
      dependencies: [
        "AccordConfig", "AccordEscaping", "AccordIO", "AccordModel", "AccordNumerics",
        "AccordSQLite", .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: internalImports
    ),
    // Figures: line charts with confidence bands and heatmaps, as plain SVG. AccordNumerics
    // for the one 95% interval convention (MeanInterval) its binned and per-step means use.
    .target(
      name: "AccordPlot", dependencies: ["AccordEscaping", "AccordNumerics"],
      swiftSettings: internalImports),
    // The papers' propositions as experiments: statistics, verdicts, figures, reports.
    // Plumbing for `accord reproduce`, `accord plot` and `accord schema` (package access), so
    // it has no library product.
    .target(
      name: "AccordReproduce",
      dependencies: [
        "AccordConfig", "AccordIO", "AccordModel", "AccordNumerics", "AccordPlot", "AccordSQLite",
        "AccordSweep",
      ],
      swiftSettings: internalImports
    ),
    // Output: atomic files, time-series writers, run summaries.
    .target(
      name: "AccordIO", dependencies: ["AccordEscaping", "AccordModel", "AccordNumerics"],
      swiftSettings: internalImports),
    // `import Accord`: the user-facing modules in one import, with the DocC catalogue; the
    // numerics and power modules too, whose types the model's public API names.
    .target(
      name: "Accord",
      dependencies: ["AccordConfig", "AccordIO", "AccordModel", "AccordNumerics", "AccordPower"],
      swiftSettings: internalImports),
    .executableTarget(
      name: "accord",
      dependencies: [
        "AccordConfig", "AccordIO", "AccordModel", "AccordNumerics", "AccordPlot", "AccordPower",
        "AccordReproduce", "AccordSweep",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: internalImports
    ),
    .testTarget(name: "AccordTests", dependencies: ["Accord"]),
    .testTarget(name: "AccordNumericsTests", dependencies: ["AccordNumerics"]),
    .testTarget(name: "AccordPowerTests", dependencies: ["AccordPower"]),
    .testTarget(
      name: "AccordSweepTests",
      dependencies: ["AccordSweep", "AccordConfig", "AccordNumerics", "AccordSQLite"],
      // Reference values and stores the tests read from the source tree.
      exclude: ["Fixtures"]),
    .testTarget(name: "AccordPlotTests", dependencies: ["AccordPlot", "AccordNumerics"]),
    .testTarget(name: "AccordModelTests", dependencies: ["AccordModel", "AccordNumerics"]),
    .testTarget(
      name: "AccordConfigTests",
      dependencies: [
        "AccordConfig", "AccordIO", "AccordModel", "AccordSweep",
        .product(name: "Yams", package: "Yams"),
      ]),
    // The statistics and verdict rules of `accord reproduce`, against textbook values.
    // Sampled-world spaces: common random numbers, per-world verdicts, a tiny space end to end.
    .testTarget(
      name: "AccordReproduceTests",
      dependencies: ["AccordReproduce", "AccordSweep", "AccordConfig", "AccordSQLite"]),
    .testTarget(
      name: "AccordCLITests",
      dependencies: ["accord", "AccordModel", "AccordSQLite"]),
  ]
)

// `accord serve`'s server and what needs it: Hummingbird, SwiftNIO and some twenty packages
// they bring, which `accord` never builds. `scripts/quickstart.sh` sets ACCORD_WITHOUT_SERVE=1
// so that a newcomer's first build does not even resolve and check them out (about 16 s of a
// fresh clone's first run); every other build, `accord serve`'s own included, has them.
let withServe = Context.environment["ACCORD_WITHOUT_SERVE"] != "1"
if withServe {
  package.dependencies += [
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    // Already resolved through Hummingbird; declared because AccordServe imports them.
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
  ]
  // A program of its own, so `accord` builds without Hummingbird and NIO; `accord serve`
  // runs it from beside itself (building it the first time in a checkout).
  package.products.append(.executable(name: "accord-serve", targets: ["accord-serve"]))
  package.targets += [
    // `accord serve`: the browser explorer; the only module that depends on Hummingbird.
    .target(
      name: "AccordServe",
      dependencies: [
        "AccordConfig", "AccordIO", "AccordModel", "AccordNumerics", "AccordPlot", "AccordSweep",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
      ],
      resources: [.copy("Resources/www")],
      swiftSettings: internalImports
    ),
    // Fuzz targets: the input decoders as functions of raw bytes, for libFuzzer (Fuzz/Entry,
    // scripts/fuzz.sh) and for the corpus replay in the normal tests.
    .target(
      name: "AccordFuzz",
      dependencies: [
        "AccordConfig", "AccordModel", "AccordServe", "AccordSweep",
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: internalImports
    ),
    .executableTarget(
      name: "accord-serve",
      dependencies: [
        "AccordServe", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: internalImports
    ),
    .testTarget(
      name: "AccordServeTests",
      dependencies: [
        "AccordServe", "AccordConfig", "AccordIO", "AccordModel", "AccordNumerics", "AccordSweep",
        "accord-serve",
      ]),
    .testTarget(name: "AccordFuzzTests", dependencies: ["AccordFuzz"]),
  ]
}

// libFuzzer's executable, only for scripts/fuzz.sh (ACCORD_FUZZ=1): it has no main of its
// own (its entry hands over to libFuzzer's driver), so it cannot link in a normal build.
// AccordFuzz exists only with the server's targets.
if Context.environment["ACCORD_FUZZ"] == "1" && withServe {
  package.targets.append(
    .executableTarget(name: "accord-fuzz", dependencies: ["AccordFuzz"], path: "Fuzz/Entry"))
  package.products.append(.executable(name: "accord-fuzz", targets: ["accord-fuzz"]))
}
