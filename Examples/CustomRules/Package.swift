// swift-tools-version: 6.0
import PackageDescription

// A package outside accord that adds one rule of each kind (learning, recruitment,
// ratification) through accord's public registry, and runs a config that names all three.
// Built and run by Tests/AccordCLITests/CustomRulesTests.swift.
let package = Package(
  name: "CustomRules",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "CustomRules", targets: ["CustomRules"]),
    .executable(name: "custom-rules", targets: ["custom-rules"]),
  ],
  dependencies: [.package(name: "accord", path: "../..")],
  targets: [
    .target(
      name: "CustomRules",
      dependencies: [
        .product(name: "Accord", package: "accord"),
        .product(name: "AccordNumerics", package: "accord"),
      ]),
    .executableTarget(
      name: "custom-rules",
      dependencies: [
        "CustomRules",
        .product(name: "Accord", package: "accord"),
      ]),
  ]
)
