// swift-tools-version: 5.4
// The fuzz target of the scenario and sweep readers, built only by scripts/fuzz with libFuzzer
// (docs/fuzzing.md); a plain `swift build` or `swift test` at the repository root never sees it.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's entry point to
// `<module>_main` and links `main` to it, which fails when, as here, the module has no entry
// point and libFuzzer's own `main` is to be used. The target is compiled with -parse-as-library
// so that its one file holds no top-level code and so no `main`.
import PackageDescription

let package = Package(
    name: "dacsim-fuzz",
    dependencies: [
        .package(name: "dacsim", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzReaders",
            dependencies: [.product(name: "Scenarios", package: "dacsim")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
