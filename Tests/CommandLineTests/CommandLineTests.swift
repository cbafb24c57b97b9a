import ArgumentParser
@testable import dacsim
@testable import Experiments
import Foundation
import Scenarios
import TestSupport
import Testing

/// The command line as a user meets it: the built `dacsim` run as a process, its exit statuses
/// (0 done, 1 drifted, 2 bad input or usage, 3 internal error) and what it prints.
@Suite final class CommandLineTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `dacsim` built beside these tests (release or debug, whichever is running).
    static let binary: String = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [here, here.deletingLastPathComponent(), repositoryRoot.appendingPathComponent(".build/release"),
                          repositoryRoot.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("dacsim").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "dacsim"
    }()

    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("dacsim-cli")
    }

    func path(_ name: String) -> String { scratch.path(name) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }

    /// A scenario small enough to run in a moment.
    func smallScenario() throws -> String {
        try write("small.yaml", """
            name: small
            run: {start: 2026-01-01, horizon: 1 year, warm_up: 3 months, replications: 2, seed: 1}
            territories:
              - name: T
                archetype: balanced
                population: {under_60: 30000, from_60_to_74: 8000, from_75: 4000}

            """)
    }

    func dacsim(_ arguments: String...) throws -> (status: Int32, out: String, err: String) { try dacsim(arguments) }

    func dacsim(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile(), errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func replicationsAreCappedOnTheCommandLine() throws {
        let scenario = try smallScenario()
        let result = try dacsim("run", scenario, "--replications", "1000000000")
        #expect(result.status == 2)
        #expect(result.err.contains("--replications must be from 1 to 100000"), "\(result.err)")
        #expect(try dacsim("check", "--baseline", path("b.csv"), scenario, "--update", "--replications", "200000").status == 2)
    }

    @Test func usageErrorsExitWithTwoLikeAnyBadInput() throws {
        #expect(try dacsim("run", "--bogus").status == 2)
        #expect(try dacsim("run").status == 2)
        #expect(try dacsim("sweep", "x.yaml", "--jobs", "0").status == 2)
        #expect(try dacsim("validate", "missing.yaml").status == 2)
        #expect(try dacsim("--version").status == 0)
    }

    @Test func helpStatesEachDefaultOnce() throws {
        for command in ["run", "compare", "check", "sweep"] {
            let help = try dacsim(command, "--help").out
            #expect(help.contains("Replications run at once (default: all cores)."), "\(help)")
            #expect(!help.contains("(default: all cores). (default:"), "\(help)")
        }
    }

    /// `show --format yaml` prints a scenario that `run` runs to byte-identical results.
    @Test func showYamlRunsToTheSameResults() throws {
        let scenario = try write("small.yaml", """
            name: small
            run: {start: 2026-01-01, horizon: 1 year, warm_up: 3 months, replications: 2, seed: 1}
            territories:
              - name: T
                archetype: medico-social
                population: {under_60: 30000, from_60_to_74: 8000, from_75: 4000}
                convergence: {date: 2026-07-01}

            """)
        let shown = try dacsim("show", scenario, "--format", "yaml")
        #expect(shown.status == 0, "\(shown.err)")
        try write("shown.yaml", shown.out)
        #expect(try dacsim("run", scenario, "--out", "a").status == 0)
        let copy = try dacsim("run", "shown.yaml", "--out", "b")
        #expect(copy.status == 0, "\(copy.err)")
        for file in ["summary.csv", "replications.csv", "monthly.csv", "yearly.csv"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("a/\(file)"))
            #expect(a == (try Data(contentsOf: folder.appendingPathComponent("b/\(file)"))), "\(file)")
        }
        let text = try dacsim("show", scenario)
        #expect(text.status == 0 && text.out.contains("archetype medico-social"))
        let defaults = try dacsim("show", "--defaults", "--format", "markdown")
        #expect(defaults.status == 0 && defaults.out.hasPrefix("# Defaults"))
    }

    /// A bundled scenario that extends another, shown as YAML and run both ways (one replication): the same bytes.
    @Test func showYamlOfABundledScenarioRunsToTheSameResults() throws {
        let scenario = Self.repositoryRoot.appendingPathComponent("scenarios/pair-converged.yaml").path
        let shown = try dacsim("show", scenario, "--format", "yaml")
        #expect(shown.status == 0, "\(shown.err)")
        try write("shown.yaml", shown.out)
        #expect(try dacsim("run", scenario, "--replications", "1", "--out", "a").status == 0)
        #expect(try dacsim("run", "shown.yaml", "--replications", "1", "--out", "b").status == 0)
        for file in ["summary.csv", "replications.csv", "monthly.csv", "yearly.csv"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("a/\(file)"))
            #expect(a == (try Data(contentsOf: folder.appendingPathComponent("b/\(file)"))), "\(file)")
        }
    }

    @Test func showRefusesBadArgumentsClearly() throws {
        let scenario = try smallScenario()
        let none = try dacsim("show")
        #expect(none.status == 2 && none.err.contains("name a scenario file to show, or --defaults"), "\(none.err)")
        #expect(try dacsim("show", scenario, "--defaults").err.contains("not both"))
        #expect(try dacsim("show", scenario, "--format", "markdown").status == 2)
        #expect(try dacsim("show", "--defaults", "--format", "yaml").status == 2)
        #expect(try dacsim("show", scenario, "--format", "html").status == 2)
        let missing = try dacsim("show", "missing.yaml")
        #expect(missing.status == 2 && missing.err.hasPrefix("error: missing.yaml: cannot read the file (no such file)"), "\(missing.err)")
    }

    @Test func anEmptyOrUnwritableOutIsRefusedBeforeAnythingRuns() throws {
        let scenario = try smallScenario()
        let empty = try dacsim("run", scenario, "--out", "")
        #expect(empty.status == 2 && empty.err == "error: --out is empty; name the results directory\n")
        // /proc takes no new directory, even from root: refused before simulating (no table printed).
        let unwritable = try dacsim("run", scenario, "--out", "/proc/self/results")
        #expect(unwritable.status == 2 && unwritable.out.isEmpty && unwritable.err.hasPrefix("error: cannot create /proc/self/results"))
        try write("notes.txt", "mine")
        let foreign = try dacsim("run", scenario, "--out", ".", "--overwrite")
        #expect(foreign.status == 2 && foreign.err.contains("is not empty and holds no dacsim results"), "\(foreign.err)")
        #expect(try String(contentsOfFile: path("notes.txt"), encoding: .utf8) == "mine")
    }

    @Test func checkSaysWhenTheScenarioChangedEvenWithoutDrift() throws {
        let scenario = try smallScenario()
        #expect(try dacsim("check", "--baseline", path("b.csv"), scenario, "--update").status == 0)
        let same = try dacsim("check", "--baseline", path("b.csv"), scenario)
        #expect(same.status == 0 && !same.out.contains("note:"))
        try write("small.yaml", try String(contentsOfFile: scenario, encoding: .utf8) + "# a comment changes no result\n")
        let edited = try dacsim("check", "--baseline", path("b.csv"), scenario)
        #expect(edited.status == 0, "\(edited)")
        #expect(edited.out.contains("note: the scenario file, or a file it extends, has changed since the baseline was written"))
        // A damaged baseline is bad input (2), never a drift (1).
        let text = try String(contentsOfFile: path("b.csv"), encoding: .utf8)
        try write("b.csv", String(text.dropLast(5)))
        #expect(try dacsim("check", "--baseline", path("b.csv"), scenario).status == 2)
    }

    @Test func checkSaysWhenTheBaselineIsOfAnotherVersion() throws {
        let scenario = try smallScenario()
        #expect(try dacsim("check", "--baseline", path("b.csv"), scenario, "--update").status == 0)
        let text = try String(contentsOfFile: path("b.csv"), encoding: .utf8)
        #expect(text.hasPrefix("# dacsim_version: \(dacsimVersion)\n"))
        try write("b.csv", text.replacingOccurrences(of: "# dacsim_version: \(dacsimVersion)\n", with: "# dacsim_version: 0.0.1\n"))
        let older = try dacsim("check", "--baseline", path("b.csv"), scenario)
        // The same results, so within every interval; the version is said either way.
        #expect(older.status == 0, "\(older)")
        #expect(older.out.contains("note: the baseline was written by dacsim 0.0.1 and this is dacsim \(dacsimVersion)"), "\(older.out)")
        #expect(older.out.contains("within its intervals"))
    }

    @Test func eachKindOfEndingHasItsOwnStatus() throws {
        #expect(Dacsim.ending(for: Experiment.InvariantBroken(replication: 0, errors: ["a person was lost"])).status == 3)
        #expect(Dacsim.ending(for: ScenarioError(SourceLocation(file: "s.yaml", line: 1), keyPath: "", "bad")) == (2, "error: s.yaml:1: bad"))
        #expect(Dacsim.ending(for: ExitCode(1)).status == 1)
        do {
            _ = try Dacsim.parseAsRoot(["run", "--bogus"])
            Issue.record("an unknown option was accepted")
        } catch {
            #expect(Dacsim.ending(for: error).status == 2)
        }
    }

    /// `run --precision` runs replications until the main metrics are precise enough, says so, and
    /// records how many and why in the manifest; it and `--replications` are alternatives.
    @Test func runByPrecisionSaysHowManyAndWhy() throws {
        let scenario = try smallScenario()
        let result = try dacsim("run", scenario, "--precision", "0.2", "--max-replications", "30", "--out", "p")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("precision 20%"), "\(result.out)")
        let manifest = try String(contentsOfFile: path("p/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"replications_rule\": \"precision 20%"), "\(manifest)")
        #expect(try dacsim("run", scenario, "--precision", "0.2", "--replications", "5", "--out", "q").status == 2)
        #expect(try dacsim("run", scenario, "--precision", "2", "--out", "q").status == 2)
        let compared = try dacsim("compare", scenario, scenario, "--precision", "0.2", "--max-replications", "30", "--out", "c")
        #expect(compared.status == 0 && compared.out.contains("precision 20%"), "\(compared.err)")
        #expect(try String(contentsOfFile: path("c/manifest.json"), encoding: .utf8).contains("\"replications_rule\""))
    }

    @Test func warmupSuggestsAWarmUpAndWritesTheSeriesPerReplication() throws {
        let scenario = try smallScenario()
        let result = try dacsim("warmup", scenario, "--out", "w")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("with no warm-up") && result.out.contains("suggested warm-up: "), "\(result.out)")
        for file in ["warmup.csv", "monthly-replications.csv", "monthly.csv", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: path("w/\(file)")), "\(file)")
        }
        // The series start at the run's start: the scenario's warm-up of 3 months is not applied.
        let series = try String(contentsOfFile: path("w/monthly-replications.csv"), encoding: .utf8)
        #expect(series.hasPrefix("replication,territory,month,metric,value\n0,T,2026-01,"))
        #expect(try dacsim("report", path("w")).status == 0)
        #expect(try String(contentsOfFile: path("w/report.html"), encoding: .utf8).contains("Warm-up (MSER-5)"))
        // run writes the series only when asked, and removes a stale one when it is not.
        #expect(try dacsim("run", scenario, "--out", "r", "--monthly-replications").status == 0)
        #expect(FileManager.default.fileExists(atPath: path("r/monthly-replications.csv")))
        #expect(try dacsim("run", scenario, "--out", "r", "--overwrite").status == 0)
        #expect(!FileManager.default.fileExists(atPath: path("r/monthly-replications.csv")))
        // A run over a warm-up analysis leaves none of its files to be taken for its own.
        #expect(try dacsim("run", scenario, "--out", "w", "--overwrite").status == 0)
        for file in ["warmup.csv", "monthly-replications.csv"] {
            #expect(!FileManager.default.fileExists(atPath: path("w/\(file)")), "\(file)")
        }
    }

    @Test func aDesignSweepRunsAndABadPointsFileIsOneErrorWithFileLineAndKey() throws {
        let scenario = try smallScenario()
        try write("points.csv", "territories[0].readability\n0.4\n0.6\n")
        try write("design.yaml", "base: \(scenario)\nreplications: 2\ndesign: {points: points.csv}\n")
        let run = try dacsim("sweep", path("design.yaml"), "--out", "d")
        #expect(run.status == 0, "\(run.err)")
        #expect(try String(contentsOfFile: path("d/plan.csv"), encoding: .utf8) == "cell,territories[0].readability\n0,0.4\n1,0.6\n")
        #expect(try dacsim("report", path("d")).status == 0)
        let report = try String(contentsOfFile: path("d/report.html"), encoding: .utf8)
        #expect(report.contains("The design") && report.contains("Metrics against each parameter") && report.contains("a points file"))
        try write("points.csv", "territories[0].readability,territories[0].gp_per_100k\n0.4,80\n0.6\n")
        let bad = try dacsim("sweep", path("design.yaml"), "--out", "e")
        #expect(bad.status == 2 && bad.err == "error: \(path("points.csv")):3: territories[0].gp_per_100k: missing: this line has 1 "
                + "cells where the header (line 1) has 2\n", "\(bad.err)")
        #expect(!FileManager.default.fileExists(atPath: path("e")))
    }

    @Test func theDocumentedSlurmLayoutMerges() throws {
        let scenario = try smallScenario()
        try write("grid.yaml", "base: \(scenario)\nreplications: 2\naxes:\n  - {key: \"territories[0].readability\", values: [0.4, 0.5, 0.6]}\n")
        for k in 1...2 { #expect(try dacsim("sweep", path("grid.yaml"), "--shard", "\(k)/3", "--out", "mine/shard-\(k)").status == 0) }
        let partial = try dacsim("merge", "--sweep", path("grid.yaml"), "--out", "mine", "mine/shard-1", "mine/shard-2")
        #expect(partial.status == 2 && partial.err.contains("shard 3/3 (1 cells) was not given. Nothing was written"), "\(partial.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: path("mine")).sorted() == ["shard-1", "shard-2"])
        #expect(try dacsim("sweep", path("grid.yaml"), "--shard", "3/3", "--out", "mine/shard-3").status == 0)
        let merged = try dacsim("merge", "--sweep", path("grid.yaml"), "--out", "mine", "mine/shard-1", "mine/shard-2", "mine/shard-3")
        #expect(merged.status == 0, "\(merged.err)")
        #expect(try dacsim("sweep", path("grid.yaml"), "--out", "single").status == 0)
        for file in ["plan.csv", "sweep.csv", "sweep-summary.csv"] {
            #expect(try String(contentsOfFile: path("single/\(file)"), encoding: .utf8)
                    == String(contentsOfFile: path("mine/\(file)"), encoding: .utf8), "\(file)")
        }
    }

    /// An optimisation of places on the M/M/c verification scenario (fast: a small queue).
    func mmcOptimisation(highest: String) throws -> String {
        let mmc = Self.repositoryRoot.appendingPathComponent("scenarios/verification/mmc.yaml").path
        try write("mmc.yaml", "extends: \(mmc)\nrun: {horizon: 12 years}\ntargets: {target_delay: 15 days}\n")
        return try write("places.yaml", """
            base: mmc.yaml
            decision:
              - {key: "territories[0].devices[0].coordination.fte", range: {from: 1.0, to: \(highest), step: 0.1}, label: places / 10}
            constraints:
              - {name: waits within 15 days, metric: coordination_within_target_share, at_least: 0.95, probability: 0.5}

            """)
    }

    @Test func optimiseAnswersReportsAndMergesShards() throws {
        let problem = try mmcOptimisation(highest: "1.5")
        let single = try dacsim("optimise", problem, "--out", "single", "--jobs", "2")
        #expect(single.status == 0, "\(single.err)")
        #expect(single.out.hasPrefix("Cheapest feasible decision: places / 10 = "), "\(single.out)")
        #expect(single.out.contains("P(coordination_within_target_share >= 0.95 over the observed period) = "), "\(single.out)")
        let validated = try dacsim("validate", path("single/recommended-scenario.yaml"))
        #expect(validated.status == 0, "\(validated.err)")
        for language in ["en", "fr"] {
            #expect(try dacsim("report", path("single"), "--lang", language, "--out", path("report-\(language).html")).status == 0)
        }
        let report = try String(contentsOfFile: path("report-en.html"), encoding: .utf8)
        #expect(report.contains("Cost and attainment") && report.contains("Every candidate") && report.contains("<svg"))
        #expect(try String(contentsOfFile: path("report-fr.html"), encoding: .utf8).contains("Coût et atteinte"))
        // Shards test every candidate of theirs; the merge then simulates nothing and answers as a single run.
        for k in 1...2 {
            #expect(try dacsim("optimise", problem, "--shard", "\(k)/2", "--out", "sharded/shard-\(k)").status == 0)
        }
        let merged = try dacsim("optimise", problem, "--out", "sharded", "--merge", "sharded/shard-1", "sharded/shard-2")
        #expect(merged.status == 0, "\(merged.err)")
        #expect(try String(contentsOfFile: path("single/candidates.csv"), encoding: .utf8)
                == String(contentsOfFile: path("sharded/candidates.csv"), encoding: .utf8))
        let answer = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("Cheapest") } }
        #expect(answer(merged.out) != nil && answer(merged.out) == answer(single.out), "\(merged.out)")
    }

    @Test func optimiseSaysWhichConstraintFailsAtTheBoundsAndBadFilesExitTwo() throws {
        let problem = try mmcOptimisation(highest: "1.1")
        let infeasible = try dacsim("optimise", problem, "--out", "none")
        #expect(infeasible.status == 1, "\(infeasible.err)")
        #expect(try dacsim("report", path("none")).status == 0)
        #expect(try String(contentsOfFile: path("none/report.html"), encoding: .utf8).contains("No candidate within the bounds was shown feasible"))
        #expect(infeasible.out.contains("\"waits within 15 days\"") && infeasible.out.contains("cannot be met at the bounds: at places / 10 = 1.1"),
                "\(infeasible.out)")
        try write("bad.yaml", "base: mmc.yaml\ndecision:\n  - {key: \"territories[0].devices[0].coordination.fte\", values: [1]}\n"
                  + "constraints:\n  - {metric: coordination_within_target_share, at_least: 0.9}\n")
        let bad = try dacsim("optimise", path("bad.yaml"))
        #expect(bad.status == 2 && bad.err == "error: \(path("bad.yaml")):5: constraints[0].probability: missing; expected the share of "
                + "replications in which it must hold, such as 0.8\n", "\(bad.err)")
    }

    /// A calibration of the M/M/10 queue's arrival rate, short enough for a test.
    func calibrationFile(observed: Double) throws -> String {
        let base = Self.repositoryRoot.appendingPathComponent("scenarios/verification/mmc.yaml").path
        try write("queue.yaml", "extends: \(base)\nrun: {horizon: 4 years, warm_up: 1 year}\n")
        return try write("cal-\(Int(observed)).yaml", """
            base: queue.yaml
            replications: 3
            points: 8
            waves: 2
            parameters:
              - {key: incidence.under_60.chronic_disease, uniform: {from: 0.05, to: 0.2}}
            targets:
              - {metric: requests_per_year, per: population, scale: 100000, observed: \(observed), sd: 1}
            """)
    }

    @Test func calibrateWritesAScenarioThatRunsAndAReportInBothLanguages() throws {
        let file = try calibrationFile(observed: 11)
        let first = try dacsim("calibrate", file, "--out", path("c"), "--write-scenario", path("calibrated.yaml"), "--jobs", "2")
        #expect(first.status == 0 && first.out.contains("calibrated: "), "\(first.out)\(first.err)")
        #expect(try dacsim("run", path("calibrated.yaml"), "--replications", "2", "--out", path("r")).status == 0)
        // Run again (it resumes: nothing left to run), the scenario file is not replaced unasked.
        let again = try dacsim("calibrate", file, "--out", path("c"), "--write-scenario", path("calibrated.yaml"))
        #expect(again.status == 2 && again.err.contains("exists; choose another --write-scenario or add --force"), "\(again.err)")
        #expect(try dacsim("calibrate", file, "--out", path("c"), "--write-scenario", path("calibrated.yaml"), "--force").status == 0)
        #expect(try dacsim("report", path("c")).status == 0)
        let english = try String(contentsOfFile: path("c/report.html"), encoding: .utf8)
        #expect(english.contains("Target fits") && english.contains("Calibrated parameters") && english.contains("<svg"))
        #expect(try dacsim("report", path("c"), "--lang", "fr", "--out", path("c/fr.html")).status == 0)
        let french = try String(contentsOfFile: path("c/fr.html"), encoding: .utf8)
        #expect(french.contains("Ajustement des cibles") && french.contains("Paramètres calibrés"))
    }

    @Test func calibrateNamesATargetItCannotMeetAndExitsWithOne() throws {
        let result = try dacsim("calibrate", try calibrationFile(observed: 90), "--out", path("u"))
        #expect(result.status == 1, "\(result.err)")
        #expect(result.out.contains("target 1 (requests_per_year / population x 100000, Queue) cannot be met: simulated range ["),
                "\(result.out)")
        #expect(FileManager.default.fileExists(atPath: path("u/fits.csv")))
        let bad = try write("bad.yaml", "base: queue.yaml\nreplications: 3\nparameters: []\ntargets: []\n")
        let refused = try dacsim("calibrate", bad)
        #expect(refused.status == 2 && refused.err.hasPrefix("error: \(bad):3: parameters: "), "\(refused.err)")
    }

    /// run and compare --uncertainty from the command line: shards merged give the files of one
    /// run, whatever the jobs; wrong combinations of options are one error each.
    @Test func uncertaintyRunsShardAndMergeLikeASweep() throws {
        let scenario = try smallScenario()
        let other = try write("other.yaml", "extends: small.yaml\nname: other\nterritories: [{name: T, readability: 0.9}]\n")
        for (command, extra) in [("run", [scenario]), ("compare", [scenario, other])] {
            let single = try dacsim(([command] + extra + ["--uncertainty", "3", "--out", "\(command)-one", "--jobs", "1"]))
            #expect(single.status == 0, "\(single.err)")
            #expect(single.out.contains("3 parameter sets over") && single.out.contains("90% over parameter sets"), "\(single.out)")
            for k in 1...2 {
                let shard = try dacsim(([command] + extra + ["--uncertainty", "3", "--out", "\(command)-shard-\(k)", "--shard", "\(k)/2"]))
                #expect(shard.status == 0 && shard.out.contains("shard \(k)/2"), "\(shard.err)")
            }
            let merged = try dacsim(([command] + extra + ["--uncertainty", "3", "--out", "\(command)-merged", "--merge",
                                                            "\(command)-shard-1", "\(command)-shard-2"]))
            #expect(merged.status == 0, "\(merged.err)")
            for file in ["uncertainty.csv", "drivers.csv", "parameters.csv"] {
                let one = try String(contentsOfFile: path("\(command)-one/\(file)"), encoding: .utf8)
                #expect(try String(contentsOfFile: path("\(command)-merged/\(file)"), encoding: .utf8) == one, "\(command) \(file)")
            }
            let report = try dacsim("report", "\(command)-one")
            #expect(report.status == 0, "\(report.err)")
        }
        let bad = try dacsim("run", scenario, "--uncertainty", "3", "--precision", "0.1")
        #expect(bad.status != 0 && bad.err.contains("--precision and --uncertainty are alternatives"), "\(bad.err)")
        let lone = try dacsim("run", scenario, "--shard", "1/2")
        #expect(lone.status != 0 && lone.err.contains("go with --uncertainty"), "\(lone.err)")
        let independent = try dacsim("compare", scenario, other, "--uncertainty", "3", "--independent")
        #expect(independent.status != 0 && independent.err.contains("--independent does not go with --uncertainty"), "\(independent.err)")
    }
}
