import CareModel
import Experiments
import Foundation
import Scenarios

/// The repository's root, to find the bundled scenarios whatever the working directory.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func bundled(_ name: String) throws -> Scenario {
    try Scenario.load(file: repositoryRoot.appendingPathComponent("scenarios/\(name)").path)
}

/// A bundled scenario, three years with one of warm-up, with an overlay.
func shortened(_ file: String, _ overlay: String = "") throws -> Scenario {
    let path = repositoryRoot.appendingPathComponent("scenarios/\(file)").path
    let value = try ScenarioValue.load(file: path)
        .overridden(by: ScenarioValue.parse("run: {horizon: 3 years, warm_up: 1 year}\n" + overlay, file: "test"))
    return try Scenario.read(value, file: path)
}

/// A scenario from text, for tests of one feature at a time.
func scenario(_ yaml: String, file: String = "test.yaml") throws -> Scenario {
    try Scenario.read(ScenarioValue.parse(yaml, file: file), file: file)
}

/// The smallest scenario: one territory of an archetype, with `extra` lines added to the territory.
func territoryScenario(archetype: String, horizon: String = "3 years", warmUp: String = "1 year", extra: String = "") -> String {
    """
    name: test
    run: {start: 2026-01-01, horizon: \(horizon), warm_up: \(warmUp), replications: 2, seed: 1}
    territories:
      - name: T
        archetype: \(archetype)
        population: {under_60: 150000, from_60_to_74: 35000, from_75: 15000}
    \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    """
}

/// The one error a scenario gives, as the user reads it ("no error" when it reads fine).
func errorMessage(_ yaml: String) -> String {
    do {
        _ = try scenario(yaml)
        return "no error"
    } catch {
        return "\(error)"
    }
}

/// Every metric of a run as bit patterns, so that a metric without observations (NaN) compares
/// equal to itself: for tests that two ways of running give the very same results.
func metricBits(_ result: RunResult, observedYears: Double) -> [[[UInt64]]] {
    ExperimentSummary([result], observedYears: observedYears).values.map { $0.map { $0.map(\.bitPattern) } }
}
