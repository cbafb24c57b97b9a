import CareModel
import Foundation
import Reporting
import Scenarios
import TestSupport
import Testing

/// `dacsim show`: every value of the scenario simulated says where it comes from, and the YAML
/// form is a scenario that reads to the same model.
@Suite final class ShowTests {
    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("dacsim-show")
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }

    func origin(_ shown: ShownScenario, _ keyPath: String) throws -> String {
        try #require(shown.rows.first { $0.keyPath == keyPath }, "no row \(keyPath)").origin
    }

    @Test func eachValueSaysWhereItComesFrom() throws {
        let base = try write("base.yaml", """
            name: base
            run: {start: 2026-01-01, horizon: 3 years}
            referral:
              probability: 0.5
            territories:
              - name: T
                archetype: desert
                population: {under_60: 150000, from_60_to_74: 35000, from_75: 15000}
                convergence: {date: 2027-01-01}
            """)
        let child = try write("child.yaml", """
            extends: base.yaml
            persons:
              level3_share: 0.2
            """)
        let shown = try ShownScenario.load(file: child)
        // Written in the file named, and in the file it extends: the file and line.
        #expect(try origin(shown, "persons.level3_share") == "\(child):3")
        #expect(try origin(shown, "referral.probability") == "\(base):4")
        #expect(try origin(shown, "territories[0].convergence.date") == "\(base):9")
        // From the archetype, with the archetype value's own provenance.
        #expect(try origin(shown, "territories[0].gp_per_100k") == "archetype desert, assumption (a medical desert)")
        #expect(try origin(shown, "territories[0].devices[0].case_management.fte_per_100k").hasPrefix("archetype desert, source maia-teams"))
        // Defaults: a source with its note, or an assumption with its reason.
        #expect(try origin(shown, "workload.hours_per_fte_per_year")
                == "default, source code-du-travail (the legal annual working time of a full-time post)")
        #expect(try origin(shown, "persons.level2.death_per_year") == "default, assumption (no figure)")
        #expect(try origin(shown, "run.spin_up").hasPrefix("default, assumption"))
        #expect(try origin(shown, "territories[0].devices[0].case_management.duration").hasPrefix("default, assumption (until stabilisation)"))
        #expect(try origin(shown, "territories[0].convergence.launch.recovery").hasPrefix("archetype desert"))
        #expect(try origin(shown, "territories[0].convergence.role_conflicts.duration").hasPrefix("default, assumption"))
        // The text form prints them in columns, by section.
        let text = try Showing.scenario(file: child, format: .text)
        #expect(text.contains("territories[0] (T)"))
        #expect(text.split(separator: "\n").contains { $0.contains("persons.level3_share") && $0.contains("0.2") && $0.contains("\(child):3") })
    }

    @Test func whatTheReaderMakesOfItIsShown() throws {
        // No convergence date: the archetype's DAC is not simulated. Today's counts: no spin-up.
        let file = try write("fragmented.yaml", """
            run: {start: 2026-01-01, horizon: 3 years}
            territories:
              - name: T
                archetype: desert
                population: {under_60: 150000, from_60_to_74: 35000, from_75: 15000}
                devices:
                  - {name: MAIA, kind: maia, case_management: {fte: 3, initial_active: 10}}
            """)
        let shown = try ShownScenario.load(file: file)
        #expect(shown.rows.first { $0.keyPath == "territories[0].convergence.date" }?.value == "none")
        #expect(!shown.rows.contains { $0.keyPath.hasPrefix("territories[0].convergence.dac") })
        #expect(shown.rows.first { $0.keyPath == "run.spin_up" }?.value == "0 days")
        // A routing share for a kind of device the territory lacks is shown, and left to the defaults in YAML.
        #expect(try origin(shown, "territories[0].routing.gp.pta").hasSuffix("here; left to the defaults"))
        let yaml = shown.yaml(command: "test")
        #expect(yaml.contains("# gp: {pta: 0.35, maia: 0.25"))
        let again = try Scenario.load(file: try write("again.yaml", yaml))
        #expect(again.model == shown.scenario.model)
    }

    /// Text that YAML would read otherwise if written plain (null, a colon, a hash, quotes, accents,
    /// line breaks) comes back the same from the YAML form.
    @Test(arguments: ["null", "a: b", "x #y", "\"quoted\" and \\", " spaced ", "Département Nord-Pas-de-Calais", "~", "09:00", "- dash", "[1]"])
    func awkwardTextSurvivesTheYamlForm(text: String) throws {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let file = try write("awkward.yaml", """
            name: "\(escaped)"
            description: "first line\\nsecond line\\t\(escaped)"
            run: {start: 2026-01-01, horizon: 1 year}
            territories:
              - name: "\(escaped)"
                archetype: sanitary
                population: {under_60: 150000, from_60_to_74: 35000, from_75: 15000}
            """)
        let shown = try ShownScenario.load(file: file)
        #expect(shown.scenario.name == text)
        let copy = try ShownScenario.load(file: try write("copy.yaml", shown.yaml(command: "test")))
        #expect(copy.scenario.name == text && copy.scenario.model == shown.scenario.model)
        #expect(copy.rows.first { $0.keyPath == "description" }?.value == shown.rows.first { $0.keyPath == "description" }?.value)
    }

    /// The bundled scenarios (calibration files left out).
    static let bundledFiles = BundledScenarioTests.files

    /// The YAML form of every bundled scenario is self-contained and reads to the same model, run
    /// settings, targets and months; CommandLineTests runs one both ways and compares the results' bytes.
    @Test(arguments: bundledFiles)
    func yamlFormReadsToTheSameScenario(file: String) throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let shown = try ShownScenario.load(file: path)
        let yaml = shown.yaml(command: "test")
        #expect(!yaml.contains("extends:"))
        let copy = try Scenario.load(file: try write("copy.yaml", yaml))
        let original = shown.scenario
        #expect(copy.model == original.model, "\(file)")
        #expect(copy.name == original.name && copy.goals == original.goals && copy.monthStarts == original.monthStarts)
        #expect(copy.run.start == original.run.start && copy.run.horizon == original.run.horizon
                && copy.run.warmUp == original.run.warmUp && copy.run.spinUp == original.run.spinUp
                && copy.run.replications == original.run.replications && copy.run.seed == original.run.seed, "\(file)")
        // Every value of the copy comes from the copy itself: nothing left to an archetype or a default
        // but what a scenario may not write.
        let again = try ShownScenario.load(file: copy.file)
        let inherited = again.rows.filter { !$0.origin.hasPrefix(copy.file + ":") && !$0.origin.hasSuffix("left to the defaults") }
        #expect(inherited.isEmpty, "\(file): \(inherited.prefix(3))")
        // Every value shown has a provenance: a file and line, an archetype or a default.
        for row in shown.rows {
            #expect(row.origin.hasPrefix("default, ") || row.origin.hasPrefix("archetype ") || row.origin.hasPrefix("no ")
                    || row.origin.range(of: #"\.yaml:[0-9]+$"#, options: .regularExpression) != nil, "\(file): \(row)")
        }
    }

    /// Every default the reader uses is a value of a table, with its provenance, and every value of
    /// the tables is used: a scenario with a territory of each archetype, converging, shows every
    /// default leaf as coming from a table key, and every table key is shown.
    @Test func theTablesHoldEveryDefault() throws {
        let territories = Archetype.allCases.map { archetype in
            """
              - name: \(archetype.rawValue)
                archetype: \(archetype.rawValue)
                population: {under_60: 150000, from_60_to_74: 35000, from_75: 15000}
                convergence: {date: 2027-01-01}
            """
        }.joined(separator: "\n")
        let file = try write("all.yaml", "run: {start: 2026-01-01, horizon: 3 years}\nterritories:\n" + territories + "\n")
        let rows = try ShownScenario.load(file: file).rows.filter { !$0.origin.hasPrefix(file) }
        var tableKeys: [(place: String, key: String)] = []
        let places = ["Scenario": "", "Run": "run.", "Territory": "territories[].", "Front desk": "front_desk.",
                      "Coordination": "coordination.", "Case management": "case_management.", "Convergence": "territories[].convergence."]
        for table in DefaultTable.all {
            let place = try #require(places[table.name], "table \(table.name)")
            tableKeys += table.values.map { (place, $0.keyPath) }
        }
        // A row's key path without its indices and with devices' sections reduced to their place.
        func general(_ path: String, sections: Bool = true) -> String {
            var p = path.replacingOccurrences(of: #"\[[0-9]+\]"#, with: "[]", options: .regularExpression)
            for section in sections ? ["front_desk.", "coordination.", "case_management."] : [] {
                if let r = p.range(of: ".devices[]." + section) ?? p.range(of: ".convergence.dac." + section) { p = section + p[r.upperBound...] }
            }
            return p
        }
        func matches(_ row: String, _ entry: (place: String, key: String)) -> Bool {
            let full = entry.place + entry.key
            return row == full || row.hasPrefix(full + ".") || row.hasPrefix(full + "[")
        }
        for row in rows where row.origin.hasPrefix("default") {
            #expect(tableKeys.contains { matches(general(row.keyPath), $0) }, "\(row)")
        }
        for entry in tableKeys {
            #expect(rows.contains { $0.origin.hasPrefix("default") && matches(general($0.keyPath), entry) }, "\(entry)")
        }
        for table in DefaultTable.archetypes {
            #expect(table.values.allSatisfy { entry in rows.contains { $0.origin.hasPrefix("archetype") && matches(general($0.keyPath, sections: false), ("territories[].", entry.keyPath)) } })
        }
    }

    /// Each source a default cites is an entry of docs/sources.md.
    @Test func sourcesExist() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/sources.md"), encoding: .utf8)
        let ids = Set(text.matches(of: /<a id="([a-z0-9-]+)"><\/a>/).map { String($0.1) })
        #expect(ids.count >= 20)
        for table in DefaultTable.all + DefaultTable.archetypes {
            for value in table.values {
                if case .source(let id, let note) = value.provenance {
                    #expect(ids.contains(id), "\(table.name) \(value.keyPath) cites \(id)")
                    #expect(!note.isEmpty)
                }
                if case .assumption(let why) = value.provenance { #expect(!why.isEmpty, "\(value.keyPath)") }
                #expect(!value.unit.isEmpty, "\(value.keyPath) has no unit")
            }
        }
    }

    /// Each kind of provenance says what it is; a calibrated value names its calibration file.
    @Test func provenanceKindsReadAsDocumented() {
        #expect(ValueOrigin.byDefault(.calibrated(file: "scenarios/calibration/hdf.yaml", "HdF's 2024 requests")).description
                == "default, calibrated: scenarios/calibration/hdf.yaml (HdF's 2024 requests)")
        #expect(ValueOrigin.byDefault(.source("hdf-2024", "a note")).description == "default, source hdf-2024 (a note)")
        #expect(ValueOrigin.archetype("desert", .assumption("why")).description == "archetype desert, assumption (why)")
    }

    @Test func defaultsDocumentIsUpToDate() throws {
        let written = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/defaults.md"), encoding: .utf8)
        #expect(written == Showing.defaults(format: .markdown), "docs/defaults.md is out of date: run scripts/defaults-doc")
    }

    /// The bundled files cite docs/sources.md, never the design brief or calibration notes kept
    /// outside this repository.
    @Test func noCitationOfFilesOutsideTheRepository() throws {
        let forbidden = ["DESIGN" + ".md", "CALIBRATION" + ".md"]
        let fm = FileManager.default
        var files = ["README.md"]
        for folder in ["scenarios", "docs", "Sources", "Tests", "scripts", "notebooks"] {
            let enumerator = fm.enumerator(atPath: repositoryRoot.appendingPathComponent(folder).path)
            while let name = enumerator?.nextObject() as? String { files.append("\(folder)/\(name)") }
        }
        for file in files {
            guard let text = try? String(contentsOf: repositoryRoot.appendingPathComponent(file), encoding: .utf8) else { continue }
            for name in forbidden { #expect(!text.contains(name), "\(file) cites \(name)") }
        }
    }

    @Test func badArgumentsAreRefusedClearly() throws {
        #expect(throws: Showing.Misuse.self) { try Showing.check(scenario: nil, defaults: false, format: .text) }
        #expect(throws: Showing.Misuse.self) { try Showing.check(scenario: "a.yaml", defaults: true, format: .text) }
        #expect(throws: Showing.Misuse.self) { try Showing.check(scenario: "a.yaml", defaults: false, format: .markdown) }
        #expect(throws: Showing.Misuse.self) { try Showing.check(scenario: nil, defaults: true, format: .yaml) }
        #expect(throws: ScenarioError.self) { _ = try ShownScenario.load(file: self.folder.appendingPathComponent("missing.yaml").path) }
    }
}
