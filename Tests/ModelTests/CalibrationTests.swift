import Experiments
import Foundation
import Randomness
@testable import Reporting
@testable import Scenarios
import TestSupport
import Testing

/// Calibration by history matching: known values recovered, unreachable targets named, waves
/// resumable, shardable and independent of --jobs, bad files refused where they are wrong.
@Suite final class CalibrationTests {
    let scratch: ScratchFolder
    var folder: URL { scratch.url }
    static let incidenceKey = "incidence.under_60.chronic_disease"
    static let durationKey = "territories[0].devices[0].coordination.duration.exponential.mean"

    init() throws {
        scratch = try ScratchFolder("dacsim-calibration")
        // The M/M/10 verification queue, shorter: its arrival rate (0.10957 per 1,000 a year, 0.3 a
        // day) and service time (30 days) are the values to recover.
        let base = repositoryRoot.appendingPathComponent("scenarios/verification/mmc.yaml").path
        try write("base.yaml", """
            extends: \(base)
            run: {horizon: 8 years, warm_up: 1 year}
            """)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }

    func dir(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func calibrationFile(_ name: String, points: Int, waves: Int, targets: String) throws -> String {
        try write(name, """
            base: base.yaml
            replications: 4
            seed: 2026
            points: \(points)
            waves: \(waves)
            parameters:
              - {key: \(Self.incidenceKey), uniform: {from: 0.03, to: 0.3}}
              - {key: "\(Self.durationKey)", log_uniform: {from: 8, to: 100}, unit: days}
            targets:
            \(targets)
            """)
    }

    /// The targets' observed values: one realisation of the true model (seed 99, not the
    /// calibration's), with the standard deviation of a single replication as its uncertainty.
    func observedTargets() async throws -> String {
        let truth = try Scenario.load(file: dir("base.yaml"))
        let results = try await Experiment.run(truth, replications: 12, seed: 99, jobs: 2)
        let summary = ExperimentSummary(results, observedYears: (truth.run.horizon - truth.run.warmUp) / 365.25)
        let series = { (metric: String) in summary.values[0][summary.index(of: metric)!] }
        let requests = zip(series("requests_per_year"), series("population")).map { $0 / $1 * 100_000 }
        let occupancy = series("coordination_occupancy"), waiting = series("coordination_wait_list_mean")
        let sd = { (xs: [Double]) in ConfidenceInterval(xs).standardDeviation }
        // Occupancy alone cannot tell a load of 0.9 from any load past 1 (it stops at 1); the
        // people waiting can, as an observed wait list would.
        return """
              - {metric: requests_per_year, per: population, scale: 100000, observed: \(requests[0]), sd: \(sd(requests))}
              - {metric: coordination_occupancy, observed: \(occupancy[0]), sd: \(sd(occupancy))}
              - {metric: coordination_wait_list_mean, observed: \(waiting[0]), sd: \(sd(waiting))}
            """
    }

    @Test func knownValuesAreRecoveredInsideNarrowIntervals() async throws {
        let file = try calibrationFile("recover.yaml", points: 48, waves: 3, targets: try await observedTargets())
        let calibration = try CalibrationFile.load(file: file)
        let summary = try await CalibrationOutput(directory: dir("recover")).run(calibration, jobs: 2, version: "test")
        #expect(summary.outcome == .calibrated)
        let accepted = try #require(summary.waves.last?.nonImplausible)
        #expect(accepted.count >= 10, "too few accepted points to read intervals from: \(accepted.count)")
        let marginals = CalibrationOutput.marginals(calibration, accepted: accepted)
        for (m, truth) in zip(marginals, [0.10957, 30.0]) {
            #expect(m.low <= truth && truth <= m.high, "\(m.parameter.key): \(truth) outside [\(m.low), \(m.high)]")
            let width: Double = switch m.parameter.range {
            case .uniform(let from, let to), .logUniform(let from, let to): to - from
            case .triangular, .beta, .levels: .nan
            }
            // Narrower than the prior: otherwise finding the truth inside proves nothing.
            #expect(m.high - m.low < 0.5 * width, "\(m.parameter.key): [\(m.low), \(m.high)] hardly narrower than the prior")
        }
        let fits = try String(contentsOfFile: dir("recover") + "/fits.csv", encoding: .utf8)
        #expect(fits.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",fitted,") }, "\(fits)")
        for name in ["accepted.csv", "marginals.csv", "waves.csv", "scenario.csv", "manifest.json", "wave-1/implausibility.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir("recover") + "/" + name), "\(name)")
        }
    }

    @Test func aTargetNoPointReachesIsReportedNotFitted() async throws {
        let file = try calibrationFile("unreachable.yaml", points: 8, waves: 2, targets: """
              - {metric: requests_per_year, per: population, scale: 100000, observed: 400, sd: 10}
              - {metric: coordination_occupancy, observed: 0.9, sd: 0.02}
            """)
        let summary = try await CalibrationOutput(directory: dir("unreachable")).run(try CalibrationFile.load(file: file), jobs: 2,
                                                                                        version: "test")
        #expect(summary.outcome == .unreachable([0]))
        let fits = try String(contentsOfFile: dir("unreachable") + "/fits.csv", encoding: .utf8).split(separator: "\n")
        #expect(fits[1].contains(",cannot_be_met,") && !fits[2].contains(",fitted,"), "\(fits)")
        let manifest = try String(contentsOfFile: dir("unreachable") + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"status\": \"targets_cannot_be_met\"") && manifest.contains("\"accepted\": 0"))
    }

    func results(_ directory: String) throws -> [String] {
        try ["accepted.csv", "marginals.csv", "fits.csv", "waves.csv", "wave-1/plan.csv", "wave-2/plan.csv", "wave-2/sweep.csv"]
            .map { try String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
    }

    @Test func resumedShardedMergedAndParallelRunsGiveTheSameResults() async throws {
        let file = try calibrationFile("small.yaml", points: 16, waves: 2, targets: """
              - {metric: requests_per_year, per: population, scale: 100000, observed: 11, sd: 2}
              - {metric: coordination_occupancy, observed: 0.9, sd: 0.05}
            """)
        let calibration = try CalibrationFile.load(file: file)
        let single = try await CalibrationOutput(directory: dir("single")).run(calibration, jobs: 1, version: "test")
        #expect(single.waves.count == 2 && single.outcome == .calibrated, "\(single.outcome)")
        // Many jobs: several cells at once.
        _ = try await CalibrationOutput(directory: dir("parallel")).run(calibration, jobs: 8, version: "test")
        #expect(try results(dir("parallel")) == results(dir("single")))
        // Interrupted after the first shard's cells of wave 1, then resumed.
        let resumed = CalibrationOutput(directory: dir("resumed"))
        let first = try await resumed.run(calibration, shard: 1, of: 2, jobs: 2, version: "test")
        #expect(first.outcome == .waveUnfinished(1) && first.ranCells == 8)
        #expect(!FileManager.default.fileExists(atPath: dir("resumed") + "/manifest.json"))
        let rest = try await resumed.run(calibration, jobs: 2, version: "test")
        #expect(rest.ranCells == 8 + 16, "only the missing cells of wave 1, then wave 2")
        #expect(try results(dir("resumed")) == results(dir("single")))
        // Shards in their own directories, merged.
        for k in 1...2 { _ = try await CalibrationOutput(directory: dir("shard\(k)")).run(calibration, shard: k, of: 2, jobs: 2, version: "test") }
        let merged = try await CalibrationOutput(directory: dir("merged")).run(calibration, jobs: 2, version: "test",
                                                                               merging: [dir("shard1"), dir("shard2")])
        #expect(merged.ranCells == 16, "wave 1 gathered from the shards, wave 2 run")
        #expect(try results(dir("merged")) == results(dir("single")))
        // Another calibration is never mixed into a directory.
        let other = try CalibrationFile.load(file: try calibrationFile("other.yaml", points: 9, waves: 2, targets: """
              - {metric: requests_per_year, per: population, scale: 100000, observed: 11, sd: 0.6}
            """))
        await #expect(throws: SweepOutput.Problem.self) { _ = try await CalibrationOutput(directory: self.dir("single")).run(other, jobs: 1, version: "test") }
    }

    @Test func theCalibratedScenarioRunsAsTheCalibrationFoundItAndIsNeverOverwritten() async throws {
        let file = try calibrationFile("write.yaml", points: 8, waves: 1, targets: """
              - {metric: requests_per_year, per: population, scale: 100000, observed: 11, sd: 0.6}
            """)
        let calibration = try CalibrationFile.load(file: file)
        let output = CalibrationOutput(directory: dir("write"))
        let summary = try await output.run(calibration, jobs: 2, version: "test")
        let written = dir("out/calibrated.yaml")
        try output.writeScenario(calibration, summary: summary, to: written, force: false, version: "test")
        let text = try String(contentsOfFile: written, encoding: .utf8)
        #expect(text.hasPrefix("# Calibrated by dacsim test") && text.contains("extends: \"../base.yaml\""), "\(text)")
        // The written file gives the scenario of the medians: the same results on the same seed.
        let medians = CalibrationOutput.marginals(calibration, accepted: summary.waves.last!.nonImplausible)
        var expected = calibration.base
        for m in medians {
            expected = try expected.setting(path: m.parameter.key, to: m.parameter.text(m.median), at: SourceLocation(file: "t", line: 0))
        }
        let a = try Scenario.load(file: written), b = try Scenario.read(expected, file: calibration.baseFile)
        let ra = try await Experiment.run(a, replications: 1, seed: 5, jobs: 1), rb = try await Experiment.run(b, replications: 1, seed: 5, jobs: 1)
        // Printed, since metrics without a value (NaN) never compare equal.
        #expect("\(ExperimentSummary(ra, observedYears: 7).values)" == "\(ExperimentSummary(rb, observedYears: 7).values)")
        let calibratedDuration = a.model.territories[0].devices[0].coordination?.duration.mean
        #expect(calibratedDuration == b.model.territories[0].devices[0].coordination?.duration.mean)
        // Never replaced unasked.
        #expect(throws: ResultsWriter.Refusal.self) {
            try output.writeScenario(calibration, summary: summary, to: written, force: false, version: "test")
        }
        try output.writeScenario(calibration, summary: summary, to: written, force: true, version: "test")
    }

    @Test func theExampleCalibrationReads() throws {
        let example = try CalibrationFile.load(file: repositoryRoot.appendingPathComponent("scenarios/calibration/mmc-example.yaml").path)
        #expect(example.parameters.map(\.unit) == [nil, "days"] && example.targets.map(\.name)
                == ["requests_per_year / population x 100000", "coordination_occupancy"])
        // The interval at 90% read as a normal one: half its width over 1.645.
        #expect(abs(example.targets[1].sd - 0.04 / 1.6448536269514722) < 1e-12)
    }

    /// The calibrations of the defaults to published activity read, and each cites its sources.
    @Test(arguments: ["hauts-de-france.yaml", "bretagne.yaml", "occitanie.yaml"])
    func theBundledCalibrationsRead(file: String) throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/calibration/\(file)").path
        let calibration = try CalibrationFile.load(file: path)
        #expect(calibration.targets.count >= 2 && !calibration.parameters.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Sources (docs/sources.md):"))
    }

    @Test func targetsAreForAllTerritoriesTogetherUnlessOneIsNamed() throws {
        let region = repositoryRoot.appendingPathComponent("scenarios/region-hauts-de-france.yaml").path
        let calibration = try CalibrationFile.load(file: try write("region.yaml", """
            base: \(region)
            replications: 2
            parameters:
              - {key: referral.probability, uniform: {from: 0.3, to: 0.9}}
            targets:
              - {metric: requests_per_year, per: population, scale: 100000, observed: 800, sd: 80}
              - {metric: coordination_wait_mean_days, territory: Nord, observed: 20, sd: 5}
            """))
        #expect(calibration.targets.map(\.territory) == ["all territories", "Nord"])
        // A territory's value is read from its own row of a run's metrics.
        let values: [String: [String: Double]] = ["all territories": ["requests_per_year": 8000, "population": 1e6],
                                                  "Nord": ["coordination_wait_mean_days": 21]]
        func lookup(_ territory: String) -> (String) -> Double? { { metric in values[territory]?[metric] } }
        let total = calibration.targets[0].value(lookup("all territories")), nord = calibration.targets[1].value(lookup("Nord"))
        let missing = calibration.targets[0].value(lookup("Nord"))
        #expect(total == 800 && nord == 21 && missing.isNaN)
    }

    @Test func anOverlayNamesTheTerritoryAndKeepsWholeWhatExtendsReplacesWhole() throws {
        let base = try ScenarioValue.parse("""
            referral: {sources: {gp: 0.5, hospital: 0.5}, probability: 0.5}
            territories:
              - name: A
                devices:
                  - {name: d, coordination: {duration: {lognormal: {mean: 10 days, sd: 5 days}}}}
              - name: B
                readability: 0.5
            """, file: "b.yaml")
        let yaml = try ScenarioOverlay.yaml(extending: "b.yaml", base: base, settings: [
            ("territories[1].readability", "0.7"), ("territories[0].devices[0].coordination.duration.lognormal.mean", "12 days"),
            ("referral.sources.gp", "0.6"), ("referral.probability", "0.4"),
        ], comment: ["c"])
        #expect(yaml == """
            # c
            extends: b.yaml
            territories:
              - name: B
                readability: 0.7
              - name: A
                devices:
                  - name: d
                    coordination:
                      duration:
                        lognormal:
                          mean: 12 days
                          sd: 5 days
            referral:
              sources:
                gp: 0.6
                hospital: 0.5
              probability: 0.4

            """)
    }

    func error(_ text: String) -> String {
        do {
            _ = try CalibrationFile.load(file: try write("bad.yaml", text))
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func badCalibrationFilesGetOneClearErrorWhereTheyAreWrong() throws {
        let head = "base: base.yaml\nreplications: 3\nparameters:\n  - {key: \(Self.incidenceKey), uniform: {from: 0.03, to: 0.3}}\n"
        let file = dir("bad.yaml")
        #expect(error(head + "targets:\n  - {metric: requests_per_year, sd: 3}\n")
                == "\(file):6: targets[0].observed: missing; expected the observed value")
        #expect(error(head + "targets:\n  - {metric: requests_per_year, observed: 30, sd: -3}\n")
                == "\(file):6: targets[0].sd: expected a standard deviation above 0, found \"-3\"")
        #expect(error(head + "targets:\n  - {metric: requests_per_year, observed: 30}\n")
                .contains(":6: targets[0]: a target needs its uncertainty"))
        #expect(error(head + "targets:\n  - {metric: request_per_year, observed: 30, sd: 3}\n")
                .hasPrefix("\(file):6: targets[0].metric: unknown metric \"request_per_year\""))
        #expect(error(head + "targets:\n  - {metric: requests_per_year, per: people, observed: 30, sd: 3}\n")
                .hasPrefix("\(file):6: targets[0].per: unknown metric \"people\""))
        #expect(error(head + "targets:\n  - {metric: requests_per_year, observed: 30, interval: {from: 31, to: 40}}\n")
                .contains("targets[0].interval: the observed value 30 is outside its interval"))
        #expect(error(head + "targets:\n  - {metric: requests_per_year, observed: 30, sd: 3, territory: Nowhere}\n")
                .contains("targets[0].territory: no territory \"Nowhere\""))
        let target = "targets:\n  - {metric: requests_per_year, observed: 30, sd: 3}\n"
        let params = "base: base.yaml\nreplications: 3\nparameters:\n"
        #expect(error(params + "  - {key: \(Self.incidenceKey), uniform: {from: 0.3, to: 0.3}}\n" + target)
                .hasPrefix("\(file):4: parameters[0].uniform.to: an empty range"))
        #expect(error(params + "  - {key: \(Self.incidenceKey), log_uniform: {from: 0, to: 0.3}}\n" + target)
                .hasPrefix("\(file):4: parameters[0].log_uniform.from: "))
        #expect(error(params + "  - {key: \(Self.incidenceKey), levels: [0.1, 0.2]}\n" + target)
                .contains("levels cannot be calibrated"))
        #expect(error(params + "  - {key: \"\(Self.durationKey)\", uniform: {from: 1, to: 9}, unit: parsecs}\n" + target)
                .contains("unknown unit \"parsecs\""))
        // A duration without its unit is a scenario error, found before anything runs, where the range is written.
        #expect(error(params + "  - {key: \"\(Self.durationKey)\", uniform: {from: 1, to: 9}}\n" + target)
                .hasPrefix("\(file):4: \(Self.durationKey): "))
        #expect(error(head + "targets: []\n").contains("targets: expected at least one target"))
        #expect(error(head + target + "replications_per_point: 2\n").contains("replications_per_point: unknown key"))
    }
}
