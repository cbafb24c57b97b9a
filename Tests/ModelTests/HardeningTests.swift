import Foundation
@testable import Reporting
import Scenarios
import TestSupport
import Testing

/// Input that once crashed dacsim, exhausted its memory or passed silently: each is now one clear
/// error (or, for files, a refusal that leaves the user's files as they were).
@Suite final class HardeningTests {
    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("dacsim-hardening")
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }

    func path(_ name: String) -> String { scratch.path(name) }

    /// Nine levels of lists, each repeating the previous level's alias nine times: about 500 bytes
    /// that expand to 9^9 (387 million) values.
    static let aliasBomb = (["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        + (1...9).map { i in "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]" })
        .joined(separator: "\n") + "\n"

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    // MARK: Crashes and exhaustion

    @Test func anAliasBombIsRejectedAtOnceWhereverItIsRead() throws {
        let bomb = try write("bomb.yaml", Self.aliasBomb)
        let child = try write("child.yaml", "extends: bomb.yaml\n")
        try write("sweep.yaml", "base: bomb.yaml\nreplications: 2\naxes:\n  - {key: run.horizon, values: [1 year]}\n")
        let started = Date()
        for read in [{ _ = try Scenario.load(file: bomb) }, { _ = try Scenario.load(file: child) },
                     { _ = try SweepFile.load(file: self.path("sweep.yaml")) }] {
            let text = message(read)
            #expect(text.hasPrefix(bomb + ":1: "), "\(text)")
            #expect(text.hasSuffix("alias expansion exceeds 200000 nodes; write fewer aliases (or use extends)"), "\(text)")
        }
        #expect(Date().timeIntervalSince(started) < 3)
        // Aliases within reason still read.
        let value = try ScenarioValue.parse("a: &x [1, 2]\nb: *x\n", file: "t.yaml")
        guard case .mapping(let pairs) = value.content, case .sequence(let items) = pairs[1].value.content else {
            Issue.record("aliases no longer read")
            return
        }
        #expect(items.count == 2)
    }

    @Test func replicationsAreCappedInSweepFilesAndBaselines() throws {
        try write("s.yaml", "base: b.yaml\nreplications: 1000000000\naxes: []\n")
        #expect(message { _ = try SweepFile.load(file: self.path("s.yaml")) }
                == "\(path("s.yaml")):2: replications: expected a number of replications from 1 to 100000, found \"1000000000\"")
        let baseline = try write("b.csv", "# dacsim_version: 0.2.0\n# seed: 1\n# replications: 1000000000\n# scenario_sha256: "
                                 + String(repeating: "a", count: 64) + "\n" + Baseline.summaryHeader + "\nT,m,1,0,1,1,2\n")
        #expect(message { _ = try Baseline.read(file: baseline) }
                == "\(baseline):3: expected a number of replications from 1 to 100000")
    }

    @Test func namesAreCappedAndNeverEmpty() {
        let long = String(repeating: "x", count: 1_000_000)
        let yaml = { (name: String) in "run: {start: 2026-01-01, horizon: 3 years}\nterritories:\n  - {name: \"\(name)\", archetype: balanced}\n" }
        #expect(errorMessage(yaml(long)) == "test.yaml:3: territories[0].name: expected a name of 1 to 200 characters on one line, "
                + "found \"\(String(repeating: "x", count: 40))\" and 999960 more characters")
        #expect(errorMessage(yaml("")).hasPrefix("test.yaml:3: territories[0].name: expected a name of 1 to 200 characters"))
        #expect(errorMessage(yaml("a\\nb")) == "test.yaml:3: territories[0].name: expected a name of 1 to 200 characters on one line, "
                + "found \"a\\nb\"")
        #expect(errorMessage("name: \"\(long)\"\n").hasPrefix("test.yaml:1: name: expected a name of 1 to 200 characters"))
    }

    // MARK: Silent wrong results

    @Test func everyFileBehindAScenarioIsHashed() throws {
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        try write("middle.yaml", "extends: \(base)\nrun: {horizon: 2 years, warm_up: 1 year}\n")
        let child = try write("child.yaml", "extends: middle.yaml\nname: child\n")
        let scenario = try Scenario.load(file: child)
        #expect(scenario.sources.map(\.path) == [child, path("middle.yaml"), base])
        let before = scenario.sourcesHash
        try write("middle.yaml", "extends: \(base)\nrun: {horizon: 2 years, warm_up: 1 year, seed: 5}\n")
        #expect(try Scenario.load(file: child).sourcesHash != before)
        // A manifest names every file with its own hash.
        let manifest = ResultsWriter.manifest(version: "t", scenarios: [("", scenario)], replications: 1, seed: 1,
                                              files: ResultsWriter.files, date: Date(timeIntervalSince1970: 0))
        for source in scenario.sources { #expect(manifest.contains("\"sha256\": \"\(source.sha256)\"")) }
        #expect(manifest.contains("\"scenario_sha256\": \"\(before)\""))
    }

    func smallSweep(axes: String = "  - {key: \"territories[0].readability\", values: [0.4, 0.6]}\n") throws -> String {
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        try write("middle.yaml", "extends: \(base)\nrun: {horizon: 1 year, warm_up: 3 months}\n")
        try write("base.yaml", "extends: middle.yaml\nname: base\n")
        return try write("sweep.yaml", "base: base.yaml\nreplications: 2\nseed: 3\naxes:\n" + axes)
    }

    @Test func aSweepResumesOnlyWhenNoFileBehindItsBaseChanged() async throws {
        let sweep = try SweepFile.load(file: try smallSweep())
        let output = SweepOutput(directory: path("out"))
        _ = try await output.run(sweep, shard: 1, of: 2, jobs: 2, version: "t")
        // The base's own base changes between the interruption and the resume.
        try write("middle.yaml", "extends: \(repositoryRoot.path)/scenarios/balanced-500k.yaml\n"
                  + "run: {horizon: 1 year, warm_up: 3 months}\nreferral: {probability: 0.9}\n")
        let changed = try SweepFile.load(file: path("sweep.yaml"))
        await #expect(throws: SweepOutput.Problem.self) { _ = try await output.run(changed, jobs: 2, version: "t") }
    }

    @Test func anIncompleteCellFileIsNeverTakenAsFinished() async throws {
        let sweep = try SweepFile.load(file: try smallSweep())
        let output = SweepOutput(directory: path("out"))
        _ = try await output.run(sweep, jobs: 2, version: "t")
        try output.combine(sweep, version: "t", date: Date(timeIntervalSince1970: 0))
        let whole = try String(contentsOfFile: path("out/sweep.csv"), encoding: .utf8)
        let cell1 = path("out/cells/" + SweepOutput.cellName(1))
        let text = try String(contentsOfFile: cell1, encoding: .utf8)
        let lines = text.split(separator: "\n")
        for damaged in ["", lines.prefix(13).joined(separator: "\n") + "\n", lines.dropLast().joined(separator: "\n") + "\n"] {
            try damaged.write(toFile: cell1, atomically: true, encoding: .utf8)
            #expect(!output.isFinished(cell: 1))
            #expect(throws: SweepOutput.Problem.self) { try output.combine(sweep, version: "t") }
            // A merge refuses to copy it.
            #expect(throws: SweepOutput.Problem.self) {
                try SweepOutput(directory: self.path("merged-\(damaged.count)")).gather(from: [self.path("out")], sweep: sweep, version: "t")
            }
        }
        // A resume runs it again, to the same result.
        let counts = try await output.run(sweep, jobs: 2, version: "t")
        #expect(counts == .init(cells: 2, alreadyFinished: 1, redone: 1))
        try output.combine(sweep, version: "t", date: Date(timeIntervalSince1970: 0))
        #expect(try String(contentsOfFile: path("out/sweep.csv"), encoding: .utf8) == whole)
    }

    @Test func theSweepsOwnSeedAndReplicationsCannotBeAxes() throws {
        for (key, own) in [("run.seed", "seed"), ("run.replications", "replications")] {
            let file = try smallSweep(axes: "  - {key: \(key), values: [1, 2]}\n")
            #expect(message { _ = try SweepFile.load(file: file) }
                    == "\(file):5: axes[0]: \(key) cannot be swept: every cell runs the sweep's own \(own) (write \(own): at the top "
                    + "of the sweep file; for several seeds, run one sweep per seed)")
        }
    }

    @Test func everyCellIsCheckedBeforeAnyRunsAndReportedInTheSweepFile() throws {
        // Each value is fine alone; together, the warm-up of the last cell passes its horizon.
        let file = try smallSweep(axes: "  - {key: run.horizon, values: [3 years, 1 year]}\n  - {key: run.warm_up, values: [6 months, 2 years]}\n")
        #expect(message { _ = try SweepFile.load(file: file) }
                == "\(file):6: run.warm_up: the warm-up (730 days) must end before the horizon (365 days), or no result would be kept")
        // An error the base reports because of a value is still given at the sweep's line.
        let other = try smallSweep(axes: "  - {key: run.horizon, values: [3 years, 2 months]}\n")
        let text = message { _ = try SweepFile.load(file: other) }
        #expect(text.hasPrefix("\(other):5: axes: cell 1 (run.horizon = 2 months) is not a valid scenario: \(path("middle.yaml")):2: "
                               + "run.warm_up: the warm-up"), "\(text)")
    }

    @Test func extendsMustNameAScenario() throws {
        for (name, text, what) in [("list.yaml", "- a\n- b\n", "is not a scenario (a mapping of keys to values)"),
                                   ("comments.yaml", "# nothing here\n", "is empty (or only comments)"),
                                   ("words.yaml", "NAME=\"Debian\"\n", "is not a scenario (a mapping of keys to values)")] {
            try write(name, text)
            let child = try write("child.yaml", "run: {start: 2026-01-01}\nextends: \(name)\n")
            #expect(message { _ = try Scenario.load(file: child) } == "\(child):2: extends: \(name) \(what)")
        }
    }

    // MARK: Output safety

    @Test func resultsGoOnlyToANewEmptyOrDacsimDirectory() throws {
        try write("mine/notes.txt", "my notes")
        #expect(message { _ = try ResultsWriter(directory: self.path("mine"), overwrite: true) }
                == "\(path("mine")) is not empty and holds no dacsim results (notes.txt); choose a new or empty directory for --out")
        #expect(message { _ = try ResultsWriter(directory: "", overwrite: false) } == "--out is empty; name the results directory")
        try write("file.txt", "x")
        #expect(message { _ = try ResultsWriter(directory: self.path("file.txt"), overwrite: true) }.contains("is not a directory"))
        // What an interrupted run leaves (results files, no manifest, a temporary file) is ours.
        try write("interrupted/summary.csv", "x")
        try write("interrupted/.monthly.csv.partial-ab12CD", "x")
        #expect(message { _ = try ResultsWriter(directory: self.path("interrupted"), overwrite: true) } == "no error")
        #expect(message { _ = try ResultsWriter(directory: self.path("interrupted"), overwrite: false) }.contains("already holds results"))
    }

    @Test func onlyPlainFilesAreEverReplaced() throws {
        try write("out/manifest.json", "{\n  \"dacsim_version\": \"0.2.0\"\n}\n")
        try write("out/monthly.csv/mine.txt", "keep me")
        #expect(message { _ = try ResultsWriter(directory: self.path("out"), overwrite: true) }
                == "\(path("out/monthly.csv")) is a directory, not a results file; move it away (it is never deleted)")
        #expect(try String(contentsOfFile: path("out/monthly.csv/mine.txt"), encoding: .utf8) == "keep me")
        #expect(throws: ResultsWriter.Refusal.self) { try ResultsWriter.writeWhole("x", to: self.folder.appendingPathComponent("out/monthly.csv")) }
        #expect(try String(contentsOfFile: path("out/monthly.csv/mine.txt"), encoding: .utf8) == "keep me")
    }

    @Test func temporaryFilesNeverFollowALink() throws {
        let victim = try write("victim.txt", "precious")
        try write("out/x", "")
        for planted in [".summary.csv.partial", "summary.csv"] {
            try FileManager.default.createSymbolicLink(atPath: path("out/\(planted)"), withDestinationPath: victim)
        }
        // A link under the final name is refused; one under the old temporary name is never opened.
        #expect(throws: ResultsWriter.Refusal.self) { try ResultsWriter.writeWhole("new", to: self.folder.appendingPathComponent("out/summary.csv")) }
        try FileManager.default.removeItem(atPath: path("out/summary.csv"))
        try ResultsWriter.writeWhole("new", to: folder.appendingPathComponent("out/summary.csv"))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        #expect(try String(contentsOfFile: path("out/summary.csv"), encoding: .utf8) == "new")
        #expect(ResultsWriter.kind(of: path("out/summary.csv")) == .file)
        // Nothing temporary is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: path("out")).sorted() == [".summary.csv.partial", "summary.csv", "x"])
    }

    @Test func anUnwritableDirectoryIsFoundBeforeSimulating() throws {
        try write("plain.txt", "x")
        #expect(message { _ = try ResultsWriter(directory: self.path("plain.txt/out"), overwrite: false) }.hasPrefix("cannot create"))
        #expect(message { try ResultsWriter.checkWritable(file: self.path("plain.txt/baseline.csv")) }.hasPrefix("cannot create"))
        // /proc refuses new files even to root, whose permissions nothing else limits.
        #expect(message { try ResultsWriter.probe(directory: URL(fileURLWithPath: "/proc/self")) }.hasPrefix("cannot write in /proc/self"))
    }

    // MARK: Baselines

    func baseline(_ body: String) throws -> String {
        try write("b-\(UUID().uuidString).csv", body)
    }

    static let goodBaseline = "# dacsim_version: 0.2.0\n# seed: 2026\n# replications: 3\n# scenario_sha256: "
        + String(repeating: "0f", count: 32) + "\n" + Baseline.summaryHeader + "\nT,wait,10,2,8,12,3\n\"T, two\",cost,5,,,,3\n"

    @Test func baselinesAreReadStrictly() throws {
        let good = try Baseline.read(file: try baseline(Self.goodBaseline))
        #expect(good.replications == 3 && good.seed == 2026)
        #expect(try Baseline.read(file: try baseline(Self.goodBaseline.replacingOccurrences(of: "\n", with: "\r\n"))).summary == good.summary)
        let cases: [(String, String)] = [
            (String(Self.goodBaseline.dropLast(3)), ":7: the file ends in the middle of a line"),
            (Self.goodBaseline.components(separatedBy: "T,wait")[0], ":6: the baseline holds no results"),
            (Self.goodBaseline.components(separatedBy: Baseline.summaryHeader)[0], ":5: expected the summary CSV header"),
            (Self.goodBaseline.replacingOccurrences(of: "8,12,3", with: "8,12,3 "), ":6: a territory and a metric, then values"),
            (Self.goodBaseline.replacingOccurrences(of: "8,12,3", with: "8,12,3,9"), ":6: expected 7 values"),
            (Self.goodBaseline.replacingOccurrences(of: "# seed: 2026\n", with: ""), ":2: expected the header line '# seed: ...'"),
            (Self.goodBaseline.replacingOccurrences(of: "# seed: 2026", with: "# seed: -1"), ":2: expected a seed"),
            (Self.goodBaseline.replacingOccurrences(of: ",10,2,", with: ",ten,2,"), ":6: expected a number or nothing, found \"ten\""),
        ]
        for (text, expected) in cases {
            let file = try baseline(text)
            let got = message { _ = try Baseline.read(file: file) }
            #expect(got.hasPrefix(file + expected), "\(got)")
        }
    }

    @Test func gitKeepsScenariosAndBaselinesWithPlainLineEndings() throws {
        let attributes = try String(contentsOf: repositoryRoot.appendingPathComponent(".gitattributes"), encoding: .utf8)
        for pattern in ["*.yaml text eol=lf", "results/baselines/*.csv text eol=lf"] { #expect(attributes.contains(pattern)) }
    }

    // MARK: Smaller acceptances

    @Test func smallerMistakesAreRejected() {
        let territory = { (lines: String) in
            "run: {start: 2026-01-01, horizon: 3 years}\nterritories:\n  - name: T\n    archetype: balanced\n"
                + "    population: {under_60: 1000, from_60_to_74: 1, from_75: 1}\n" + lines.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        let devices = "devices:\n  - {kind: clic, name: A, front_desk: {staff: 1}}\n  - {kind: maia, name: A, case_management: {fte: 2}}"
        #expect(errorMessage(territory(devices))
                == "test.yaml:8: territories[0].devices[1]: a second device named \"A\" in this territory; give each device its own name")
        #expect(errorMessage(territory("devices:\n  - {kind: clic, eligibility: {age_bands: []}, front_desk: {staff: 1}}"))
                == "test.yaml:7: territories[0].devices[0].eligibility.age_bands: expected at least one age band (leave the key out "
                + "for all ages), found a list")
        #expect(errorMessage("run: {start: 1850-01-01, horizon: 3 years}\n")
                == "test.yaml:1: run.start: expected a date from 1900-01-01 to 2200-12-31, found \"1850-01-01\"")
        #expect(errorMessage("run: {start: 2201-01-01, horizon: 3 years}\n").contains("expected a date from 1900-01-01 to 2200-12-31"))
        #expect(errorMessage("run: {start: 2026-01-01, horizon: 3 years}\nterritories:\n  - name: T\n    archetype: balanced\n"
                             + "    population: {under_60: 1000.5, from_60_to_74: 1, from_75: 1}\n")
                == "test.yaml:5: territories[0].population.under_60: expected a whole number of inhabitants, found \"1000.5\"")
        let staffing = "devices:\n  - kind: maia\n    case_management: {fte: 2}\n    staffing: [{date: 2025-06-01, role: case_management, fte: 3}]"
        #expect(errorMessage(territory(staffing))
                == "test.yaml:9: territories[0].devices[0].staffing[0].date: falls before the run starts; write the staff in post at "
                + "the start as the device's fte")
        #expect(errorMessage(territory("devices:\n  - {kind: maia, case_management: {fte: 2, fte_per_100k: 1}}"))
                == "test.yaml:7: territories[0].devices[0].case_management.fte_per_100k: fte and fte_per_100k are alternatives: write "
                + "one of them, not both")
        #expect(errorMessage("run: {start: 2026-01-01, horizon: 3 years, seed: 18446744073709551616}\n")
                == "test.yaml:1: run.seed: expected a seed from 0 to 18446744073709551615, found \"18446744073709551616\"")
        #expect(!errorMessage("run: {start: 2026-01-01, horizon: 3 years, seed: 18446744073709551615}\n").contains("seed"))
    }

    @Test func convergenceDateNoneKeepsATerritoryFragmented() throws {
        // As docs/scenarios.md says: `date: none` is no convergence (it was once refused as a bad date).
        #expect(try scenario(territoryScenario(archetype: "balanced", extra: "convergence: {date: 2027-01-01}"))
            .model.territories[0].convergence != nil)
        #expect(try scenario(territoryScenario(archetype: "balanced", extra: "convergence: {date: none}"))
            .model.territories[0].convergence == nil)
    }

    // MARK: Found in review

    @Test func sweepingFteOverABaseWritingFtePer100kReplacesIt() throws {
        let base = repositoryRoot.appendingPathComponent("scenarios/staffing-hdf.yaml").path
        let file = try write("fte.yaml", "base: \(base)\nreplications: 2\naxes:\n"
                             + "  - {key: \"territories[0].convergence.dac.coordination.fte\", values: [5, 10]}\n")
        let sweep = try SweepFile.load(file: file)
        #expect(try sweep.scenario(cell: 1).model.territories[0].convergence?.dac.coordination?.fte == 10)
    }

    @Test func aSweepOfTooManyCellsIsRefusedAtOnce() throws {
        let file = try smallSweep(axes: "  - {key: run.horizon, range: {from: 1, to: 1000, step: 0.2}}\n"
                                  + "  - {key: run.warm_up, range: {from: 1, to: 1000, step: 0.2}}\n")
        let started = Date()
        #expect(message { _ = try SweepFile.load(file: file) }.hasSuffix("axes: the axes make 24960016 cells; a sweep has at most 100000 (fewer values, or several sweeps)"))
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func resultsFilesAreReadableLikeAnyFileTheUserMakes() throws {
        try ResultsWriter.writeWhole("x", to: folder.appendingPathComponent("out/summary.csv"))
        let mode = try FileManager.default.attributesOfItem(atPath: path("out/summary.csv"))[.posixPermissions] as? Int
        // mkstemp alone would leave 0600: nobody else could read the results.
        #expect(mode == Int(ResultsWriter.fileMode) && mode != 0o600, "mode \(String(mode ?? 0, radix: 8))")
    }
}
