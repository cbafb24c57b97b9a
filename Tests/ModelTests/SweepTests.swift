import Experiments
import Foundation
@testable import Reporting
import Scenarios
import TestSupport
import Testing

/// Sweeps: cells in order, resumable, and split into shards that merge into the same files.
@Suite final class SweepTests {
    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("dacsim-sweep")
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        try """
            extends: \(base)
            run: {horizon: 2 years, warm_up: 1 year}
            """.write(to: folder.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try """
            base: base.yaml
            replications: 3
            seed: 7
            axes:
              - {key: "territories[0].convergence.dac.coordination.fte_per_100k", values: [1.0, 2.0, 3.0]}
              - {key: "territories[0].readability", range: {from: 0.4, to: 0.8, step: 0.2}}
            """.write(to: folder.appendingPathComponent("sweep.yaml"), atomically: true, encoding: .utf8)
    }

    var sweepFile: String { folder.appendingPathComponent("sweep.yaml").path }
    func dir(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func files(_ directory: String) throws -> [String] {
        try ["plan.csv", "sweep.csv", "sweep-summary.csv", "scenario.csv"].map {
            try String(contentsOfFile: directory + "/" + $0, encoding: .utf8)
        }
    }

    @Test func axesMakeAGridOfCellsLastAxisFastest() throws {
        let sweep = try SweepFile.load(file: sweepFile)
        #expect(sweep.axes.map(\.values) == [["1.0", "2.0", "3.0"], ["0.4", "0.6", "0.8"]])
        #expect(sweep.cellCount == 9 && sweep.points[1].values == ["1.0", "0.6"] && sweep.points[3].values == ["2.0", "0.4"])
        let cell = try sweep.scenario(cell: 7)
        #expect(cell.model.territories[0].readability == 0.6)
        #expect(abs(cell.model.territories[0].convergence!.dac.coordination!.fte - 15) < 1e-9)  // 3 per 100,000 of 500,000
    }

    @Test func theBaseScenarioIsFoundBesideTheSweepFileAndNamedAsTheUserWould() throws {
        // From the package's root, where swift test runs, the bundled sweep names its base relatively.
        if FileManager.default.currentDirectoryPath == repositoryRoot.standardizedFileURL.path {
            let sweep = try SweepFile.load(file: "scenarios/sweeps/staffing-readability.yaml")
            #expect(sweep.baseFile == "scenarios/balanced-500k.yaml")
        }
        let absolute = try SweepFile.load(file: repositoryRoot.appendingPathComponent("scenarios/sweeps/staffing-readability.yaml").path)
        #expect(absolute.baseFile == repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").standardizedFileURL.path)
        #expect(try SweepFile.load(file: sweepFile).baseFile == folder.appendingPathComponent("base.yaml").path)
    }

    @Test func shardsMergeIntoTheFilesOfASingleRun() async throws {
        let sweep = try SweepFile.load(file: sweepFile)
        let single = SweepOutput(directory: dir("single"))
        _ = try await single.run(sweep, jobs: 2, version: "test")
        try single.combine(sweep, version: "test", date: Date(timeIntervalSince1970: 0))
        for k in 1...3 { _ = try await SweepOutput(directory: dir("shard\(k)")).run(sweep, shard: k, of: 3, jobs: 2, version: "test") }
        let merged = SweepOutput(directory: dir("merged"))
        try merged.gather(from: (1...3).map { dir("shard\($0)") }, sweep: sweep, version: "test")
        try merged.combine(sweep, version: "test", date: Date(timeIntervalSince1970: 0))
        #expect(try files(dir("single")) == files(dir("merged")))
        let manifest = { try String(contentsOfFile: self.dir($0) + "/manifest.json", encoding: .utf8) }
        #expect(try manifest("single") == manifest("merged"))
    }

    @Test func anInterruptedSweepResumesWithoutRecomputingFinishedCells() async throws {
        let sweep = try SweepFile.load(file: sweepFile)
        let output = SweepOutput(directory: dir("resumed"))
        // An interruption after some cells: here, those of a first shard of two.
        let first = try await output.run(sweep, shard: 1, of: 2, jobs: 2, version: "test")
        #expect(first == .init(cells: 5, alreadyFinished: 0, redone: 0))
        #expect(throws: SweepOutput.Problem.self) { try output.combine(sweep, version: "test") }
        // A finished cell is kept as it is: mark one (keeping it whole) to see that it is not rewritten.
        let cell0 = dir("resumed") + "/cells/" + SweepOutput.cellName(0)
        let body = try #require(SweepOutput.unseal(try String(contentsOfFile: cell0, encoding: .utf8)))
        let marked = SweepOutput.seal(body + "0,Balanced 500k,marker,1\n")
        try marked.write(toFile: cell0, atomically: true, encoding: .utf8)
        let second = try await output.run(sweep, jobs: 2, version: "test")
        #expect(second == .init(cells: 9, alreadyFinished: 5, redone: 0))
        #expect(try String(contentsOfFile: cell0, encoding: .utf8) == marked)
        try output.combine(sweep, version: "test")
    }

    @Test func cellsOfAnotherRunAreNeverMixedIn() async throws {
        let sweep = try SweepFile.load(file: sweepFile)
        let output = SweepOutput(directory: dir("mixed"))
        _ = try await output.run(sweep, shard: 1, of: 9, jobs: 2, version: "test")
        // The same grid from another dacsim version (or seed, or base) is refused.
        await #expect(throws: SweepOutput.Problem.self) { _ = try await output.run(sweep, jobs: 2, version: "other") }
        // So is a directory that holds something else.
        try FileManager.default.createDirectory(atPath: dir("mine"), withIntermediateDirectories: true)
        try "mine".write(toFile: dir("mine") + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: SweepOutput.Problem.self) { try SweepOutput(directory: self.dir("mine")).prepare(sweep, version: "test") }
    }

    @Test func aBadAxisIsReportedWhereItIsWritten() throws {
        try """
            base: base.yaml
            replications: 2
            axes:
              - {key: "territories[3].readability", values: [0.5]}
            """.write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("bad.yaml").path
        #expect(throws: ScenarioError(SourceLocation(file: file, line: 4), keyPath: "territories[3].readability",
                                      "no item [3] in a list here")) {
            _ = try SweepFile.load(file: file)
        }
    }
    /// A sweep by precision: each cell runs as many replications as `run --precision` would give
    /// its scenario (common random numbers across cells still), at most max_replications, and says so.
    @Test func cellsRunByPrecision() async throws {
        try """
            base: base.yaml
            precision: 0.2
            max_replications: 12
            seed: 7
            axes:
              - {key: "territories[0].readability", values: [0.4, 0.8]}
            """.write(to: folder.appendingPathComponent("precise.yaml"), atomically: true, encoding: .utf8)
        let sweep = try SweepFile.load(file: folder.appendingPathComponent("precise.yaml").path)
        #expect(sweep.precision == 0.2 && sweep.replications == 12)
        let output = SweepOutput(directory: dir("precise"))
        _ = try await output.run(sweep, jobs: 2, version: "test")
        try output.combine(sweep, version: "test")
        let summary = try String(contentsOfFile: dir("precise") + "/sweep-summary.csv", encoding: .utf8)
        for c in 0..<2 {
            let expected = try await Experiment.runToPrecision(try sweep.scenario(cell: c),
                                                               rule: ReplicationsByPrecision(precision: 0.2, maxReplications: 12),
                                                               seed: 7, jobs: 2).results[0].count
            #expect(expected >= 3 && expected <= 12)
            let counts = summary.split(separator: "\n").filter { $0.hasPrefix("\(c),") }.map { $0.split(separator: ",").last! }
            #expect(!counts.isEmpty && counts.allSatisfy { $0 == Substring(String(expected)) }, "cell \(c): \(expected)")
        }
        let manifest = try String(contentsOfFile: dir("precise") + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("by precision: each cell until every main metric's 95% half-width is within 20%"))
        for (text, message) in [("replications: 3\nprecision: 0.1\n", "replications and precision are alternatives"),
                                ("replications: 3\nmax_replications: 9\n", "max_replications goes with precision")] {
            try "base: base.yaml\n\(text)axes:\n  - {key: \"territories[0].readability\", values: [0.4]}\n"
                .write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
            do {
                _ = try SweepFile.load(file: folder.appendingPathComponent("bad.yaml").path)
                Issue.record("no error for \(text)")
            } catch {
                #expect("\(error)".contains("bad.yaml:") && "\(error)".contains(message), "\(error)")
            }
        }
    }
}

/// Axes' short labels, written or derived, and a sweep's targets.
@Suite struct SweepLabelTests {
    @Test func defaultLabelsAreTheKeysLastPartsThatTellTheAxesApart() {
        #expect(SweepFile.shortLabels(["territories[0].convergence.dac.coordination.fte_per_100k",
                                       "territories[0].convergence.readability_after"])
                == ["fte_per_100k", "readability_after"])
        #expect(SweepFile.shortLabels(["territories[0].convergence.dac.coordination.fte_per_100k",
                                       "territories[0].convergence.dac.case_management.fte_per_100k"])
                == ["coordination.fte_per_100k", "case_management.fte_per_100k"])
        // Never the whole path of a long key, even when the last parts are all alike.
        #expect(SweepFile.shortLabels(["territories[0].readability", "territories[1].readability"]) == ["territories.readability", "territories.readability"])
        #expect(SweepFile.shortLabels(["persons.level3_share"]) == ["level3_share"])
    }

    @Test func theBundledSweepHasLabelsAndATarget() throws {
        let sweep = try SweepFile.load(file: repositoryRoot.appendingPathComponent("scenarios/sweeps/staffing-readability.yaml").path)
        #expect(sweep.axes.map(\.label) == ["coordination FTE per 100k", "readability after convergence"])
        #expect(sweep.targets == [SweepFile.Target(metric: "coordination_within_target_share", direction: .atLeast, threshold: 0.8)])
    }

    @Test func badTargetsAndLabelsAreNamed() throws {
        let scratch = try ScratchFolder("dacsim-sweep-label")
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        let file = scratch.path("s.yaml")
        func message(label: String = "readability", _ extra: String = "") throws -> String {
            try scratch.write("s.yaml", "base: \(base)\nreplications: 2\naxes:\n  - {key: \"territories[0].readability\", values: [0.5], "
                              + "label: \"\(label)\"}\n\(extra)")
            do { _ = try SweepFile.load(file: file); return "no error" } catch { return "\(error)" }
        }
        #expect(try message() == "no error")
        #expect(try message(label: "") == "\(file):4: axes[0].label: expected a name of 1 to 200 characters on one line, found \"\"")
        #expect(try message("targets:\n  - {metric: queue, at_least: 0.9}\n")
                == "\(file):6: targets[0].metric: unknown metric \"queue\"; the metrics are the names in summary.csv, such as coordination_within_target_share")
        #expect(try message("targets:\n  - {metric: coordination_within_target_share}\n")
                == "\(file):6: targets[0]: a target needs at_least or at_most (one of them), the threshold its metric must reach or not pass")
        #expect(try message("targets:\n  - {metric: coordination_within_target_share, at_most: lots}\n")
                == "\(file):6: targets[0].at_most: expected a threshold, found \"lots\"")
    }

}
