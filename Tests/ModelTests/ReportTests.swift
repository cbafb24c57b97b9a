import Experiments
import Foundation
import Reporting
import Scenarios
import Testing
import TestSupport

/// The HTML report, built from the example results committed under results/examples (a run of a
/// five-territory region, a comparison and a sweep), and the terminal tables.
@Suite struct ReportTests {
    func example(_ name: String) -> String { repositoryRoot.appendingPathComponent("results/examples/\(name)").path }

    func count(_ pattern: String, in text: String) -> Int {
        (try? NSRegularExpression(pattern: pattern).numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))) ?? -1
    }

    /// Every chart is well-formed SVG, every figure has its table, and nothing is fetched from elsewhere.
    func checkStructure(_ html: String, charts: Int) throws {
        #expect(count("<svg[\\s>]", in: html) == charts)
        #expect(count("<figure>", in: html) == charts)
        #expect(count("<details( open)?><summary>Table behind this chart</summary>", in: html) == charts)
        let svgs = try NSRegularExpression(pattern: "<svg.*?</svg>", options: .dotMatchesLineSeparators)
            .matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range, in: html)!]) }
        #expect(svgs.count == charts)
        for svg in svgs { _ = try SVGElements.parse(svg) }
        #expect(count("(src|href)=\"[^#]", in: html) == 0, "a reference to another file or host")
        #expect(!html.contains("url(") && !html.contains("<script"))
        #expect(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"))
        #expect(!html.contains("nan") && !html.contains("inf\""))
    }

    @Test func aRunReportDescribesTheScenarioAndDrawsEveryChartWithItsTable() throws {
        let html = try Report.build(directory: example("run-region-hauts-de-france"))
        // 2 waits, 2 wait lists and 2 occupancies over time, 5 capacity charts, 5 territories side by side.
        try checkStructure(html, charts: 16)
        for id in ["scenario", "key-results", "waits", "wait-lists", "capacity", "territories", "methods"] {
            #expect(html.contains("<section id=\"\(id)\">"))
        }
        // The scenario summary comes from scenario.csv: each territory with its archetype and convergence date.
        let scenario = try String(contentsOfFile: example("run-region-hauts-de-france/scenario.csv"), encoding: .utf8)
        #expect(scenario.contains("run,Aisne,convergence_date,2027-07-01"))
        #expect(html.contains("<td>Aisne</td><td>desert</td>") && html.contains("2027-07-01"))
        #expect(html.contains("10 independent replications") && html.contains("seed 2026"))
        #expect(html.contains("Equity across territories"))
    }

    /// The main metrics by calendar year, and the scenario's targets with their probability.
    @Test func aRunReportShowsResultsByYearAndTheTargets() throws {
        let html = try Report.build(directory: example("run-planner-680k"))
        #expect(html.contains("<section id=\"years\">") && html.contains("<h3>Targets</h3>"))
        let yearly = try String(contentsOfFile: example("run-planner-680k/yearly.csv"), encoding: .utf8)
        let line = try #require(yearly.split(separator: "\n").first { $0.contains(",case_management_within_target_share,") && $0.contains(",>= 0.9,") })
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(cells[1] == "2028")
        let f = { (x: String) in String(format: "%.2f", Double(x)!) }
        #expect(html.contains("<td>case_management_within_target_share &gt;= 0.9</td>"))
        #expect(html.contains("\(f(cells[10]))<br><span class=\"ci\">\(f(cells[11])) – \(f(cells[12]))</span>"))
        // Case management's share within the target delay is a key result too.
        #expect(html.contains("<td>case management within target delay</td>"))
    }

    @Test func theTablesBehindTheChartsHoldTheResultsFilesNumbers() throws {
        let html = try Report.build(directory: example("run-region-hauts-de-france"))
        let monthly = try String(contentsOfFile: example("run-region-hauts-de-france/monthly.csv"), encoding: .utf8)
        // A month whose wait is hundreds of days, interval included: shown with no decimal, its
        // interval as computed under it.
        let line = try #require(monthly.split(separator: "\n").first { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return line.hasPrefix("Aisne,") && cells[2] == "coordination_wait_mean_days"
                && (Double(cells[4]) ?? 0) >= 100 && (Double(cells[5]) ?? 1000) < 1000
        })
        let cells = line.split(separator: ",").map(String.init)
        let (month, mean, low, high) = (cells[1], Double(cells[3])!, Double(cells[4])!, Double(cells[5])!)
        let f = { (x: Double) in String(format: "%.0f", x) }
        let shown = "\(f(mean))<br><span class=\"ci\">\(f(low)) – \(f(high))</span>"
        #expect(html.contains("<td>\(month)</td>") && html.contains(shown), "\(shown)")
        let summary = try String(contentsOfFile: example("run-region-hauts-de-france/summary.csv"), encoding: .utf8)
        let requests = summary.split(separator: "\n").first { $0.hasPrefix("Nord,requests_per_year,") }!.split(separator: ",")
        let grouped = Int(Double(requests[2])!.rounded()).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        #expect(html.contains(">\(grouped)<br>"), "Nord's requests per year, \(grouped)")
    }

    @Test func aComparisonReportDrawsEachDifferenceAroundZeroAndStarsTheSignificantOnes() throws {
        let html = try Report.build(directory: example("compare-staffing"))
        // One chart per main metric, and six monthly differences over time.
        try checkStructure(html, charts: SummaryTable.columns.count + 6)
        let comparison = try String(contentsOfFile: example("compare-staffing/comparison.csv"), encoding: .utf8)
        let significantMain = comparison.split(separator: "\n").filter { line in
            SummaryTable.columns.contains { line.contains(",\($0.metric),") } && line.hasSuffix(",yes,10")
        }
        #expect(!significantMain.isEmpty)
        // Starred once under its chart and once in the table of every metric.
        let significantAll = comparison.split(separator: "\n").filter { $0.contains(",yes,") }.count
        #expect(count("<td class=\"num\">\\*</td>", in: html) == significantMain.count + significantAll)
        #expect(html.contains("common random numbers"))
    }

    /// Two axes: a heat map per metric with its axes' short labels (never the key paths), the
    /// target's cells marked, and the table of every cell beside it, unfolded.
    @Test func aTwoAxisSweepReportDrawsAHeatMapPerMetric() throws {
        let html = try Report.build(directory: example("sweep-staffing-readability"))
        try checkStructure(html, charts: SummaryTable.columns.count)
        for label in ["coordination FTE per 100k", "readability after convergence"] {
            #expect(count(">\(label)</text>", in: html) == SummaryTable.columns.count)
        }
        #expect(!html.contains(">territories[0].convergence.readability_after</text>"))
        #expect(count("<details open>", in: html) == SummaryTable.columns.count)
        // The target's cells: those whose mean share within the target delay reaches 0.8.
        let summary = try String(contentsOfFile: example("sweep-staffing-readability/sweep-summary.csv"), encoding: .utf8)
        let meeting = summary.split(separator: "\n").filter { $0.contains(",coordination_within_target_share,") }
            .filter { (Double($0.split(separator: ",")[5]) ?? 0) >= 0.8 }.count
        #expect(meeting > 0 && meeting < 9)
        #expect(count("<td class=\"num\">✓ ", in: html) == meeting)
    }

    @Test func badDirectoriesGetOneClearMessage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        func message(_ path: String) -> String {
            do { _ = try Report.build(directory: path); return "no error" } catch { return "\(error)" }
        }
        #expect(message(folder.path).contains("no such results directory"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["summary.csv", "monthly.csv", "scenario.csv"] {
            try FileManager.default.copyItem(atPath: example("run-balanced-500k/\(file)"), toPath: folder.appendingPathComponent(file).path)
        }
        #expect(message(folder.path).contains("no manifest.json: it holds no finished run"))
        try FileManager.default.copyItem(atPath: example("run-balanced-500k/manifest.json"),
                                         toPath: folder.appendingPathComponent("manifest.json").path)
        #expect(message(folder.path) == "no error")
        let monthly = folder.appendingPathComponent("monthly.csv")
        let text = try String(contentsOf: monthly, encoding: .utf8)
        let lines = text.split(separator: "\n").count
        try (text + "Balanced 500k,2031-12,requests\n").write(to: monthly, atomically: true, encoding: .utf8)
        let broken = message(folder.path)
        #expect(broken.contains("monthly.csv, line \(lines + 1): 3 cells where the header has 7"), "\(broken)")
    }

    /// The monthly difference B − A over time, with its band around a line at zero, and the
    /// table of its numbers from comparison-monthly.csv.
    @Test func aComparisonReportShowsTheMonthlyDifferenceOverTime() throws {
        let html = try Report.build(directory: example("compare-planner-680k"))
        #expect(html.contains("<section id=\"differences-over-time\">"))
        let monthly = try String(contentsOfFile: example("compare-planner-680k/comparison-monthly.csv"), encoding: .utf8)
        let line = try #require(monthly.split(separator: "\n").first { $0.contains(",2028-03,coordination_wait_mean_days,") })
        let cells = line.split(separator: ",").map(String.init)
        let d = Double(cells[5])!, low = Double(cells[6])!, high = Double(cells[7])!
        #expect(abs(d - (Double(cells[4])! - Double(cells[3])!)) < 1e-6 * max(1, abs(d)))
        let f = { (x: Double) in String(format: "%.\(abs(d) >= 100 ? 0 : abs(d) >= 10 ? 1 : abs(d) >= 1 ? 2 : 3)f", x) }
        #expect(html.contains("<td>2028-03</td><td class=\"num\">\(f(d))<br><span class=\"ci\">\(f(low)) – \(f(high))</span>"))
        let section = String(html[html.range(of: "<section id=\"differences-over-time\">")!.lowerBound...])
        let svgs = try NSRegularExpression(pattern: "<svg.*?</svg>", options: .dotMatchesLineSeparators)
            .matches(in: section, range: NSRange(section.startIndex..., in: section)).prefix(6)
        #expect(svgs.count == 6)
        for match in svgs {
            let svg = try SVGElements.parse(String(section[Range(match.range, in: section)!]))
            #expect(svg.all("line").filter { $0["stroke"] == "#444" && $0["stroke-width"] == "1.5" }.count == 1, "the zero line")
        }
    }

    @Test func theManifestSaysWhatADirectoryHoldsAndWindowsLineEndingsRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: example("run-balanced-500k"), toPath: folder.path)
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("report.html"))
        // A comparison once written here and then replaced by a run leaves its comparison.csv behind.
        try FileManager.default.copyItem(atPath: example("compare-staffing/comparison.csv"),
                                         toPath: folder.appendingPathComponent("comparison.csv").path)
        for file in ["summary.csv", "monthly.csv", "scenario.csv"] {
            let url = folder.appendingPathComponent(file)
            try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
                .write(to: url, atomically: true, encoding: .utf8)
        }
        let html = try Report.build(directory: folder.path)
        #expect(html.contains("<title>dacsim report: Balanced département, 500,000 inhabitants</title>"))
        #expect(html.contains("<section id=\"waits\">") && !html.contains("Differences, B − A"))
        #expect(html.contains("<td>Balanced 500k</td><td>balanced</td>"))
    }

    @Test func aReportIsNeverWrittenOverADirectoryAndARunRemovesItsStaleReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let html = try Report.build(directory: example("run-balanced-500k"))
        #expect(throws: Report.Problem.self) { try Report.write(html, to: folder.path, overwrite: true) }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("sub").path))
        // (Results go only to a directory holding nothing but results.)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sub"))
        // Results written again with --overwrite: the report of the old ones goes with their manifest.
        let report = folder.appendingPathComponent("report.html").path
        try Report.write(html, to: report, overwrite: false)
        _ = try ResultsWriter(directory: folder.path, overwrite: true)
        #expect(!FileManager.default.fileExists(atPath: report))
        // A file of the user's under that name stays.
        try "mine".write(toFile: report, atomically: true, encoding: .utf8)
        _ = try ResultsWriter(directory: folder.path, overwrite: true)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "mine")
    }

    @Test func aReportReplacesAnEarlierReportButNoOtherFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("report.html").path
        let html = try Report.build(directory: example("run-balanced-500k"))
        try Report.write(html, to: file, overwrite: false)
        try Report.write(html, to: file, overwrite: false)  // an earlier report: replaced
        #expect(try String(contentsOfFile: file, encoding: .utf8) == html)
        let mine = folder.appendingPathComponent("notes.html").path
        try "<p>my notes</p>".write(toFile: mine, atomically: true, encoding: .utf8)
        #expect(throws: Report.Problem.self) { try Report.write(html, to: mine, overwrite: false) }
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "<p>my notes</p>")
        try Report.write(html, to: mine, overwrite: true)
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == html)
    }
}

@Suite struct TerminalTableTests {
    func summary(territories: Int) async throws -> ExperimentSummary {
        let list = (1...territories).map {
            "  - {name: T\($0), archetype: balanced, population: {under_60: 30000, from_60_to_74: 7000, from_75: 3000}}"
        }.joined(separator: "\n")
        let s = try scenario("""
            name: test
            run: {start: 2026-01-01, horizon: 2 years, warm_up: 1 year, replications: 3, seed: 1}
            territories:
            \(list)
            """)
        return ExperimentSummary(try await Experiment.run(s, replications: 3, seed: 1, jobs: 2), observedYears: 1)
    }

    func checkAligned(_ table: String) {
        let lines = table.split(separator: "\n").filter { $0.hasPrefix("|") || $0.hasPrefix("+") }
        #expect(lines.count > 3)
        #expect(Set(lines.map(\.count)).count == 1, "every row as wide as the frame")
        // Every column separator at the same place on every row.
        let bars = lines.map { line in line.enumerated().filter { $0.element == "|" || $0.element == "+" }.map(\.offset) }
        #expect(Set(bars.map { $0.description }).count == 1)
    }

    @Test func fewTerritoriesAreColumnsWithAUnitForEachMetric() async throws {
        let table = SummaryTable.render(try await summary(territories: 2))
        checkAligned(table)
        #expect(table.contains("| metric ") && table.contains(" T1 |") && table.contains(" all territories |"))
        #expect(table.contains("| days ") && table.contains("| kEUR/yr ") && table.contains(" ±"))
        #expect(table.contains("95% confidence interval"))
        #expect(table.contains("| case management within target delay ") && table.contains("| coordination within target delay "))
    }

    @Test func manyTerritoriesAreRows() async throws {
        let table = SummaryTable.render(try await summary(territories: 7))
        checkAligned(table)
        #expect(table.contains("| territory ") && table.contains("coord wait d"))
        #expect((1...7).allSatisfy { table.contains("| T\($0) ") })
        #expect(table.contains("d: days"))
    }
}
