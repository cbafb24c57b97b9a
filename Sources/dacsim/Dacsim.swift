import ArgumentParser
import Benchmarks

@main
struct Dacsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dacsim",
        abstract: "Discrete-event simulation of French care-coordination support services (DAC).",
        version: "0.1.0",
        subcommands: [Bench.self]
    )
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the engine's speed (build with -c release for meaningful figures).")

    @Option(help: "Runs of each benchmark; the best is kept.")
    var repeats = 5

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() {
        #if DEBUG
        print("note: this is a debug build; figures are 10-50x below a release build (swift build -c release)")
        #endif
        for figure in Benchmarks.all(repeats: repeats) { print(figure.line) }
    }
}
