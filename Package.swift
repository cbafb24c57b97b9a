// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "dacsim",
    products: [
        .executable(name: "dacsim", targets: ["dacsim"]),
        // The scenario reader, for the fuzz package in Fuzz/ (docs/fuzzing.md).
        .library(name: "Scenarios", targets: ["Scenarios"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/ordo-one/TextTable", from: "0.0.2"),
    ],
    targets: [
        // GSL through pkg-config; the shim wraps what Swift 6 cannot import directly.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev", "pkg-config"])]
        ),
        // SHA-256 from OpenSSL's libcrypto, found the same way (docs/benchmarks.md: first build).
        .systemLibrary(
            name: "CLibcrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev", "pkg-config"])]
        ),
        .target(name: "Randomness", dependencies: ["CGSL"]),
        .target(
            name: "Engine",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(name: "QueueingTheory"),
        .target(name: "CareModel", dependencies: ["CGSL", "Engine", "Randomness"]),
        .target(
            name: "Scenarios",
            dependencies: [
                "CareModel", "CLibcrypto", "Randomness",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "ReferenceQueue", dependencies: ["Engine", "Randomness"]),
        .target(name: "Experiments", dependencies: ["CareModel", "Randomness", "Scenarios"]),
        // Inline SVG charts for the HTML report; knows nothing of health care.
        .target(name: "Charts"),
        .target(
            name: "Reporting",
            dependencies: [
                "CareModel", "Charts", "Experiments", "Scenarios",
                .product(name: "TextTable", package: "TextTable"),
            ]
        ),
        .target(name: "Benchmarks", dependencies: ["CareModel", "CGSL", "Engine", "Randomness", "ReferenceQueue", "Scenarios"]),
        .executableTarget(
            name: "dacsim",
            dependencies: [
                "Benchmarks",
                "CareModel",
                "Experiments",
                "Reporting",
                "Scenarios",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["Randomness"], path: "Tests/Support"),
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness", "TestSupport"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "TestSupport"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestSupport"]),
        .testTarget(name: "ModelTests", dependencies: ["CareModel", "Scenarios", "Experiments", "Reporting", "QueueingTheory", "TestSupport"]),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["dacsim", "Experiments", "Scenarios", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Randomness", "QueueingTheory", "ReferenceQueue", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
