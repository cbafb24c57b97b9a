import Experiments
import Foundation
import Reporting
import Scenarios
import Testing

/// Reports and terminal tables in English or French, from one table of labels per language.
@Suite struct LabelsTests {
    func placeholders(_ text: String) -> Set<String> {
        Set((1...9).map { "{\($0)}" }.filter { text.contains($0) })
    }

    /// Every label exists in every language, is not empty, and takes the same values.
    @Test(arguments: Language.allCases)
    func everyLabelIsTranslated(language: Language) throws {
        let table = try #require(Labels.tables[language])
        let english = try #require(Labels.tables[.en])
        for key in Text.allCases {
            let text = try #require(table[key], "\(language): no text for \(key)")
            #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(language): \(key) is empty")
            #expect(placeholders(text) == placeholders(english[key]!), "\(language): \(key) takes other values than in English")
        }
        #expect(table.count == Text.allCases.count)
    }

    /// French is French: apart from words both languages share, no label is left in English.
    @Test func frenchLabelsAreNotEnglish() throws {
        let (english, french) = (Labels.tables[.en]!, Labels.tables[.fr]!)
        let same = Text.allCases.filter { english[$0] == french[$0] }
        #expect(Set(same) == [.population, .convergence, .roleCoordination, .colRuptures, .colHospitalisations, .eur,
                                  .heatMapTable, .differenceUnit, .monotone],
                "\(same)")
    }

    func example(_ name: String) -> String { repositoryRoot.appendingPathComponent("results/examples/\(name)").path }

    /// A French report has no English text of its own: no English label is in it (territories'
    /// names, files and metrics' keys stay as written).
    @Test(arguments: ["run-planner-680k", "run-region-hauts-de-france", "compare-staffing", "compare-planner-680k",
                       "sweep-staffing-readability", "optimise-planner-680k"])
    func aFrenchReportIsWhollyFrench(example name: String) throws {
        let html = try Report.build(directory: example(name), language: .fr)
        #expect(html.contains("<html lang=\"fr\">") && html.contains("<h2>Méthodes</h2>") && html.contains("<h2>Sommaire</h2>"))
        let english = Labels.tables[.en]!, french = Labels.tables[.fr]!
        for key in Text.allCases where english[key] != french[key] {
            // The longest piece of the English text between its values, escaped as the page writes it.
            let piece = english[key]!.components(separatedBy: CharacterSet(charactersIn: "{}0123456789"))
                .max { $0.count < $1.count }!.trimmingCharacters(in: .whitespaces)
            guard piece.count >= 12 else { continue }
            #expect(!html.contains(escapeForTest(piece)), "\(name): \"\(piece)\" (\(key)) is in English")
        }
        let englishReport = try Report.build(directory: example(name))
        #expect(englishReport.contains("<h2>Methods</h2>") && englishReport.contains("<html lang=\"en\">"))
    }

    func escapeForTest(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "'", with: "&#39;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    @Test func terminalTablesFollowTheLanguage() async throws {
        let s = try scenario(territoryScenario(archetype: "balanced", horizon: "2 years", warmUp: "1 year"))
        let results = try await Experiment.run(s, replications: 2, seed: 1, jobs: 2)
        let summary = ExperimentSummary(results, observedYears: 1)
        let french = SummaryTable.render(summary, language: .fr), english = SummaryTable.render(summary)
        #expect(french.contains("| indicateur ") && french.contains("gestion de cas dans le délai cible") && french.contains("jours"))
        #expect(english.contains("| metric ") && english.contains("case management within target delay"))
        #expect(!french.contains("metric") && !french.contains("days"))
    }
}

/// Shares and their intervals stay within 0 and 1 in tables, whatever the t interval says.
@Suite struct ShareClippingTests {
    @Test func sharesAndTheirIntervalsAreClippedInTablesAndReports() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-clip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml").path
        try """
            extends: \(repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path)
            run: {end: 2028-12-31, warm_up: 1 year}
            targets: {target_delay: 60 days}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let s = try Scenario.load(file: file)
        let results = try await Experiment.run(s, replications: 2, seed: 2026, jobs: 2)
        let summary = ExperimentSummary(results, observedYears: 1)
        let shares = ["coordination_within_target_share", "case_management_within_target_share"]
        let raw = shares.compactMap { summary.index(of: $0).flatMap { summary.summary(territory: 0, metric: $0)?.interval } }
        // Two replications: a wide t interval, which passes 0 or 1 here.
        #expect(raw.contains { $0.lower < 0 || $0.upper > 1 }, "\(raw.map { ($0.lower, $0.upper) })")
        let table = SummaryTable.render(summary)
        for label in ["coordination within target delay", "case management within target delay"] {
            let row = try #require(table.split(separator: "\n").first { $0.contains("| \(label) ") })
            let numbers = row.split(whereSeparator: { "[], |".contains($0) }).compactMap { Double($0) }
            #expect(numbers.count == 3 && numbers.allSatisfy { (0...1).contains($0) }, "\(row)")
        }
        #expect(table.contains("clipped to [0, 1]"))

        let out = folder.appendingPathComponent("results").path
        try ResultsWriter(directory: out, overwrite: false)
            .write(scenario: s, summary: summary, results: results, seed: 2026, version: "test")
        let html = try Report.build(directory: out)
        for label in ["coordination within target delay", "case management within target delay"] {
            let start = try #require(html.range(of: "<td>\(label)</td>"))
            let row = html[start.upperBound...].prefix { $0 != "\n" }
            let numbers = row.split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap { Double($0) }
            #expect(!numbers.isEmpty && numbers.allSatisfy { (0...1).contains($0) }, "\(row)")
        }
    }
}
