import CareModel
import Foundation
import Scenarios
import Testing

/// Every bundled scenario validates and runs with every person accounted for. Horizons are cut
/// to two years (one of warm-up) so that the whole set runs in seconds, and targets for years
/// that no longer run are left out.
@Suite struct BundledScenarioTests {
    static let files: [String] = {
        let folder = repositoryRoot.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        // Sweep, optimisation and calibration files live in their own folders.
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
            + ["verification/mmc.yaml", "verification/mgcc.yaml"]
    }()

    @Test func thereAreBundledScenarios() {
        #expect(Self.files.count >= 12)
    }

    @Test(arguments: files)
    func bundledScenarioValidatesAndRuns(file: String) throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let full = try Scenario.load(file: path)
        #expect(full.model.territories.count >= 1)
        let shortened = try ScenarioValue.load(file: path)
            .overridden(by: ScenarioValue.parse("run: {horizon: 2 years, warm_up: 1 year}\ntargets: {goals: []}", file: "test"))
        let s = try Scenario.read(shortened, file: path)
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 1, replication: 0)
        let result = simulation.run()
        #expect(result.accountingErrors.isEmpty, "\(file): \(result.accountingErrors)")
        // A year of calendar months; a start inside a month splits its first and last month in two.
        let months = s.run.start.components.day == 1 ? 12 : 13
        #expect(result.territories.allSatisfy { $0.months.count == months }, "\(file)")
    }

    /// Territories share nothing but the clock, so a replication run territory by territory (how
    /// experiments run it, for speed) gives what one calendar for all gives: every metric, every
    /// month, every count. Scenarios of more than one territory, with a year of spin-up and two of run.
    @Test(arguments: files)
    func territoryByTerritoryEqualsOneCalendar(file: String) throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let shortened = try ScenarioValue.load(file: path).overridden(by: ScenarioValue.parse(
            "run: {horizon: 2 years, warm_up: 6 months, spin_up: 1 year}\ntargets: {goals: []}", file: "test"))
        let s = try Scenario.read(shortened, file: path)
        guard s.model.territories.count > 1 else { return }
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 5, replication: 2)
        let joint = simulation.run()
        let apart = CareSimulation.replicate(config: s.model, monthStarts: s.monthStarts, seed: 5, replication: 2)
        #expect(joint.created == apart.created && joint.stillIn == apart.stillIn && joint.exitedOverall == apart.exitedOverall)
        #expect(apart.accountingErrors.isEmpty)
        #expect(joint.territories.map(\.months) == apart.territories.map(\.months), "\(file)")
        #expect(metricBits(joint, observedYears: 1.5) == metricBits(apart, observedYears: 1.5), "\(file)")
        #expect(joint.created > 1000)
    }
}
