import Experiments
import Foundation
import Randomness
@testable import Reporting
@testable import Scenarios
import TestSupport
import Testing

/// Sweeps over designs: Latin hypercubes, Sobol points and points files, with their errors; and
/// merging shards into the directory that holds them.
@Suite final class DesignTests {
    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("dacsim-design")
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        try write("base.yaml", "extends: \(base)\nrun: {horizon: 2 years, warm_up: 1 year}\n")
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }

    func dir(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func sweep(_ design: String, seed: Int = 7, name: String = "sweep.yaml") throws -> String {
        try write(name, "base: base.yaml\nreplications: 2\nseed: \(seed)\ndesign:\n" + design)
    }

    /// The error a sweep file gives, as the user reads it.
    func error(_ design: String) throws -> String {
        let file = try sweep(design, name: "bad.yaml")
        do {
            _ = try SweepFile.load(file: file)
            return "no error"
        } catch {
            return "\(error)".replacingOccurrences(of: folder.path + "/", with: "")
        }
    }

    static let lhs = """
          latin_hypercube: 20
          parameters:
            - {key: "territories[0].readability", uniform: {from: 0.2, to: 0.9}}
            - {key: "territories[0].convergence.dac.coordination.fte_per_100k", log_uniform: {from: 1, to: 4}}
            - {key: "territories[0].support_programme", levels: [light, reinforced, strong]}

        """

    @Test func aLatinHypercubeHasOnePointInEachStratumOfEachParameterAndDependsOnlyOnTheSeed() throws {
        let sweep = try SweepFile.load(file: try sweep(Self.lhs))
        #expect(sweep.design == .latinHypercube && sweep.cellCount == 20)
        #expect(sweep.keys == ["territories[0].readability", "territories[0].convergence.dac.coordination.fte_per_100k",
                               "territories[0].support_programme"])
        let readability = sweep.points.map { Double($0.values[0])! }
        let strata = readability.map { Int((($0 - 0.2) / 0.7 * 20).rounded(.down)) }
        #expect(Set(strata) == Set(0..<20))
        let fte = sweep.points.map { Double($0.values[1])! }
        #expect(Set(fte.map { Int((log($0) / log(4) * 20).rounded(.down)) }) == Set(0..<20))
        // 20 points over 3 levels: each level takes the 6 strata wholly inside its third, and the
        // 2 strata astride a boundary go to one side or the other.
        let levels = Dictionary(grouping: sweep.points.map { $0.values[2] }, by: { $0 }).mapValues(\.count)
        #expect(Set(levels.keys) == ["light", "reinforced", "strong"] && levels.values.allSatisfy { (6...8).contains($0) })
        // The same seed gives the same points; another seed other points.
        #expect(try SweepFile.load(file: try self.sweep(Self.lhs)).points == sweep.points)
        #expect(try SweepFile.load(file: try self.sweep(Self.lhs, seed: 8)).points != sweep.points)
        // Each cell's scenario holds exactly the point's values.
        let cell = try sweep.scenario(cell: 5)
        #expect(cell.model.territories[0].readability == readability[5])
        #expect(abs(cell.model.territories[0].convergence!.dac.coordination!.fte - fte[5] * 5) < 1e-9)
    }

    @Test func latinHypercubeStrataAreExact() {
        let stream = RandomStream(key: 3)
        let points = DesignPoints.latinHypercube(count: 50, dimensions: 4, stream: stream)
        for j in 0..<4 {
            #expect(Set(points.map { Int($0[j] * 50) }) == Set(0..<50))
            #expect(points.allSatisfy { (0..<1).contains($0[j]) })
        }
    }

    @Test func aSobolDesignTakesGSLsSequenceThroughTheRanges() throws {
        let sweep = try SweepFile.load(file: try sweep("""
              sobol: 4
              parameters:
                - {key: "territories[0].readability", uniform: {from: 0.2, to: 0.6}}
                - {key: "territories[0].convergence.dac.coordination.fte_per_100k", log_uniform: {from: 1, to: 100}}

            """))
        // GSL's Sobol points: (0.5, 0.5), (0.75, 0.25), (0.25, 0.75), (0.375, 0.375).
        #expect(sweep.points.map(\.values) == [["0.4", "10"], ["0.5", "3.16227766"], ["0.3", "31.6227766"], ["0.35", "5.623413252"]])
        #expect(DesignPoints.sobol(count: 3, dimensions: 3) == [[0.5, 0.5, 0.5], [0.75, 0.25, 0.75], [0.25, 0.75, 0.25]])
    }

    @Test func aPointsFileDrivesTheSweepValueForValue() async throws {
        try write("points.csv", """
            # written by a design tool
            territories[0].readability,"territories[0].convergence.dac.coordination.fte_per_100k"
            0.35,1.25
            0.7, 2.5

            0.5,4\r

            """)
        let file = try sweep("  points: points.csv\n")
        let sweep = try SweepFile.load(file: file)
        #expect(sweep.design == .points && sweep.points.map(\.values) == [["0.35", "1.25"], ["0.7", "2.5"], ["0.5", "4"]])
        #expect(try sweep.scenario(cell: 1).model.territories[0].readability == 0.7)
        // Run whole and in two shards merged inside the directory holding them: the same files,
        // plan.csv giving back the points as written.
        let single = SweepOutput(directory: dir("single"))
        _ = try await single.run(sweep, jobs: 2, version: "test")
        try single.combine(sweep, version: "test", date: Date(timeIntervalSince1970: 0))
        let plan = try String(contentsOfFile: dir("single") + "/plan.csv", encoding: .utf8)
        #expect(plan == "cell,territories[0].readability,territories[0].convergence.dac.coordination.fte_per_100k\n0,0.35,1.25\n1,0.7,2.5\n2,0.5,4\n")
        for k in 1...2 { _ = try await SweepOutput(directory: dir("out/shard-\(k)")).run(sweep, shard: k, of: 2, jobs: 2, version: "test") }
        let merged = SweepOutput(directory: dir("out"))
        try merged.gather(from: [dir("out/shard-1"), dir("out/shard-2")], sweep: sweep, version: "test")
        try merged.combine(sweep, version: "test", date: Date(timeIntervalSince1970: 0))
        for name in ["plan.csv", "sweep.csv", "sweep-summary.csv", "scenario.csv", "manifest.json"] {
            #expect(try String(contentsOfFile: dir("single/\(name)"), encoding: .utf8)
                    == String(contentsOfFile: dir("out/\(name)"), encoding: .utf8))
        }
        let manifest = try String(contentsOfFile: dir("out/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"design\": \"points\"") && manifest.contains("\"points_sha256\": \""))
        // Its report in French has its own texts, not English ones.
        let french = try Report.build(directory: dir("out"), language: .fr)
        #expect(french.contains("Le plan d&#39;expérience") && french.contains("Indicateurs selon chaque paramètre"))
        #expect(!french.contains("The design") && !french.contains("Metrics against each parameter"))
    }

    @Test func aPartialMergeNamesTheMissingShardsAndWritesNothing() async throws {
        let sweep = try SweepFile.load(file: try sweep(Self.lhs))
        for k in [1, 3] { _ = try await SweepOutput(directory: dir("out/shard-\(k)")).run(sweep, shard: k, of: 4, jobs: 2, version: "test") }
        let merged = SweepOutput(directory: dir("out"))
        do {
            try merged.gather(from: [dir("out/shard-1"), dir("out/shard-3")], sweep: sweep, version: "test")
            Issue.record("a merge without shards 2 and 4 passed")
        } catch let problem as SweepOutput.Problem {
            #expect(problem.description.hasPrefix("10 of 20 cells are in none of the 2 shards given: shard 2/4 (5 cells) was not given; "
                                                  + "shard 4/4 (5 cells) was not given. Nothing was written"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir("out")).sorted() == ["shard-1", "shard-3"])
        // A shard cut short is named with the cells it lacks.
        let shard3 = dir("out/shard-3") + "/cells/" + SweepOutput.cellName(6)
        try FileManager.default.removeItem(atPath: shard3)
        for k in [2, 4] { _ = try await SweepOutput(directory: dir("out/shard-\(k)")).run(sweep, shard: k, of: 4, jobs: 2, version: "test") }
        let shards = (1...4).map { dir("out/shard-\($0)") }
        do {
            try merged.gather(from: shards, sweep: sweep, version: "test")
            Issue.record("a merge with shard 3 unfinished passed")
        } catch let problem as SweepOutput.Problem {
            #expect(problem.description == "1 of 20 cells are in none of the 4 shards given: shard 3/4 in \(shards[2]) "
                    + "lacks 1 of its 5 cells (unfinished: run it again). Nothing was written; run or resubmit "
                    + "those shards (sbatch --array=K ... N), then merge again")
        }
        _ = try await SweepOutput(directory: shards[2]).run(sweep, shard: 3, of: 4, jobs: 2, version: "test")
        try merged.gather(from: shards, sweep: sweep, version: "test")
        try merged.combine(sweep, version: "test")
        // A folder holding anything besides the shards given is still refused.
        try FileManager.default.createDirectory(atPath: dir("other/shard-1"), withIntermediateDirectories: true)
        try "notes".write(toFile: dir("other/notes.txt"), atomically: true, encoding: .utf8)
        _ = try await SweepOutput(directory: dir("other/shard-1")).run(sweep, jobs: 2, version: "test")
        #expect(throws: SweepOutput.Problem.self) {
            try SweepOutput(directory: self.dir("other")).gather(from: [self.dir("other/shard-1")], sweep: sweep, version: "test")
        }
    }

    @Test func badDesignsAreOneErrorWithFileLineAndKey() throws {
        let readability = "    - {key: \"territories[0].readability\", "
        #expect(try error("  latin_hypercube: 5\n  parameters:\n\(readability)uniform: {from: 0.5, to: 0.5}}\n")
                == "bad.yaml:7: design.parameters[0].uniform.to: an empty range: to (0.5) must be above from (0.5); for one value, "
                + "write it in the base scenario")
        #expect(try error("  latin_hypercube: 5\n  parameters:\n\(readability)levels: []}\n")
                == "bad.yaml:7: design.parameters[0].levels: an empty list of levels; give at least one")
        #expect(try error("  sobol: 5\n  parameters:\n\(readability)log_uniform: {from: 0, to: 1}}\n")
                .hasPrefix("bad.yaml:7: design.parameters[0].log_uniform.from: expected a number above 0"))
        #expect(try error("  latin_hypercube: 5\n  parameters:\n\(readability)uniform: {from: 0.1, to: 0.5}, spread: 2}\n")
                == "bad.yaml:7: design.parameters[0].spread: unknown key; expected one of key, uniform, log_uniform, triangular, beta, levels, unit")
        #expect(try error("  latin_hypercube: 5\n  parameters:\n    - {key: persons.no_such_thing, uniform: {from: 0.1, to: 0.5}}\n")
                .hasPrefix("bad.yaml:7: persons.no_such_thing: unknown key; expected one of"))
        #expect(try error("  latin_hypercube: 5\n") == "bad.yaml:5: design.parameters: missing; expected a list of parameters, "
                + "each {key, uniform}, {key, log_uniform} or {key, levels}")
        #expect(try error("  sobol: 5\n  latin_hypercube: 5\n").hasPrefix("bad.yaml:5: design: a design needs one of"))
        try write("short.csv", "territories[0].readability,territories[0].convergence.dac.coordination.fte_per_100k\n0.4,2\n0.5\n")
        #expect(try error("  points: short.csv\n") == "short.csv:3: territories[0].convergence.dac.coordination.fte_per_100k: "
                + "missing: this line has 1 cells where the header (line 1) has 2")
        try write("blank.csv", "territories[0].readability\n0.4\n\n,\n")
        #expect(try error("  points: blank.csv\n") == "blank.csv:4: 2 cells where the header (line 1) has 1")
        try write("range.csv", "territories[0].readability\n0.4\n1.5\n")
        #expect(try error("  points: range.csv\n").hasPrefix("range.csv:3: territories[0].readability: expected"))
        try write("seed.csv", "run.seed\n4\n")
        #expect(try error("  points: seed.csv\n").hasPrefix("seed.csv:1: run.seed: cannot be swept"))
        #expect(try error("  points: none.csv\n").hasPrefix("bad.yaml:5: design.points: cannot read the points file"))
        #expect(try error("  points: /dev/zero\n").hasPrefix("bad.yaml:5: design.points: cannot read the points file /dev/zero"))
        let many = (0..<101).map { "    - {key: \"p\($0)\", uniform: {from: 0, to: 1}}\n" }.joined()
        #expect(try error("  latin_hypercube: 100000\n  parameters:\n" + many)
                == "bad.yaml:5: design.latin_hypercube: 100000 points of 101 parameters make more than 10000000 values; fewer points or parameters")
        // The error a researcher met when giving design points as axis values now says what to do.
        let points = try write("points-as-values.yaml", "base: base.yaml\nreplications: 2\naxes:\n"
                               + "  - {key: \"territories[0].readability\", values: [{a: 1}]}\n")
        #expect(throws: ScenarioError.self) { _ = try SweepFile.load(file: points) }
        do {
            _ = try SweepFile.load(file: points)
        } catch {
            #expect("\(error)".hasSuffix("points-as-values.yaml:4: axes[0].values[0]: expected a value as it would be written in the "
                                         + "scenario, found a mapping; for a list of design points (several keys set together), write "
                                         + "them in a CSV file and give design: {points: FILE.csv} instead of axes"), "\(error)")
        }
    }
}
