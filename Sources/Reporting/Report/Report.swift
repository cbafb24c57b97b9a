import Charts
import Foundation

/// `dacsim report`: one self-contained HTML file describing a results directory (a run, a
/// comparison or a sweep): what was simulated, charts with the tables behind them, and the methods,
/// in the spirit of the STRESS-DES checklist for reporting simulation studies (Monks et al., 2019).
public enum Report {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The report of the results in `directory`, as HTML text.
    /// - Parameter language: the language of every text of the report (titles, captions, table
    ///   headers, units, methods); names from the results (territories, metrics' keys) stay as written.
    public static func build(directory: String, date: Date = Date(), language: Language = .en) throws -> String {
        let results = try ResultsDirectory(path: directory)
        let l = Labels(language)
        var page: HTMLPage
        switch results.kind {
        case .run: page = try run(results, l)
        case .compare: page = try compare(results, l)
        case .sweep: page = try sweep(results, l)
        case .optimisation: page = try optimisation(results, l)
        case .calibration: page = try calibration(results, l)
        case .uncertaintyComparison: page = try uncertaintyComparison(results, l)
        }
        methods(&page, results)
        let version = results.text("dacsim_version") ?? "?"
        let subtitle: Text = switch results.kind {
        case .run: .subtitleRun
        case .compare: .subtitleComparison
        case .sweep: .subtitleSweep
        case .optimisation: .subtitleOptimisation
        case .calibration: .subtitleCalibration
        case .uncertaintyComparison: .subtitleUncertaintyComparison
        }
        return page.html(subtitle: l(subtitle, version, results.text("created") ?? l(.unknownDate),
                                     ISO8601DateFormatter().string(from: date), directory))
    }

    /// Writes the report whole (temporary name, then rename). An earlier dacsim report is replaced;
    /// any other existing file only with `overwrite`.
    public static func write(_ html: String, to file: String, overwrite: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw Problem(description: "\(file) is a directory; --out names the HTML file to write, such as \(file)/report.html")
            }
            guard overwrite || isReport(file: file) else {
                throw Problem(description: "\(file) exists and is not a dacsim report; choose another --out or add --overwrite to replace it")
            }
        }
        try ResultsWriter.writeWhole(html, to: URL(fileURLWithPath: file))
    }

    /// Whether `file` is a report dacsim wrote (which a later report or run may replace).
    public static func isReport(file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 1024)) ?? nil
        return head.map { String(decoding: $0, as: UTF8.self).contains(HTMLPage.generator) } ?? false
    }

    // MARK: Numbers as people read them

    /// Enough digits to read, not more: 12,500 / 412 / 41.2 / 4.12 / 0.412.
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return Ticks.format(x, decimals: decimals(x))
    }

    static func decimals(_ x: Double) -> Int {
        let a = abs(x)
        return a >= 100 || a == 0 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
    }

    /// "12.3 [10.1, 14.5]": the mean and its 95% interval, the bounds with the mean's decimals.
    static func estimate(_ e: Estimate?) -> String {
        guard let e, let mean = e.mean, mean.isFinite else { return "–" }
        let d = decimals(mean)
        guard let low = e.low, let high = e.high else { return Ticks.format(mean, decimals: d) }
        return "\(Ticks.format(mean, decimals: d)) [\(Ticks.format(low, decimals: d)), \(Ticks.format(high, decimals: d))]"
    }

    /// A column's value in its unit (staff cost in thousands of euros), a share and its interval
    /// clipped to [0, 1].
    static func inUnit(_ e: Estimate?, _ column: SummaryTable.Column) -> Estimate? {
        column.isShare ? e?.clipped(to: 0...1) : e?.scaled(column.scale)
    }

    // MARK: What was simulated

    static let roles: [(String, Text)] = [("front_desk", .roleFrontDesk), ("coordination", .roleCoordination),
                                          ("case_management", .roleCaseManagement)]

    /// The scenario's settings (a column per side) and its territories (a table per side).
    static func scenarioSection(_ page: inout HTMLPage, _ results: ResultsDirectory, sides: [(key: String, label: String)]) {
        let l = page.l
        page.section(l(.scenario), id: "scenario")
        let described = sides.filter { results.scenario[$0.key] != nil }
        guard !described.isEmpty else {
            page.note(l(.noScenarioCSV))
            page.table([l(.item), l(.value)], results.manifest.keys.sorted().map { [$0, results.text($0) ?? ""] }, numericFrom: 2)
            return
        }
        let items: [(String, String, (String) -> String)] = [
            ("name", l(.scenarioName), { $0 }), ("file", l(.scenarioFile), { $0 }), ("start", l(.firstDay), { $0 }),
            ("horizon_years", l(.horizonYears), { $0 }), ("warm_up_years", l(.warmUpYears), { $0 }),
            ("results_from", l(.resultsFrom), { $0 }), ("target_delay_days", l(.targetDelayDays), { $0 }),
            ("rupture_wait_days", l(.ruptureWaitDays), { number(Double($0)) }),
        ] + roles.map { role in ("cost_per_fte_eur_per_year_\(role.0)", l(.costPerFTE, l(role.1)), { number(Double($0)) }) }
        var rows = items.map { key, label, format in
            [label] + described.map { side in results.scenario[side.key]?[""]?[key].map(format) ?? "" }
        }
        rows.append([l(.replications)] + Array(repeating: results.text("replications") ?? "", count: described.count))
        // A comparison records B's seed apart: equal to A's on common random numbers.
        rows.append([l(.seed)] + described.map { results.text($0.key == "B" ? "b_seed" : "seed") ?? "" })
        rows.append([l(.dacsimVersion)] + Array(repeating: results.text("dacsim_version") ?? "", count: described.count))
        page.table([l(.setting)] + described.map(\.label), rows, numericFrom: described.count + 1)

        for side in described {
            let territories = results.territoryNames[side.key] ?? []
            let facts = results.scenario[side.key] ?? [:]
            page.heading(described.count > 1 ? l(.territoriesOf, side.label) : l(.territories))
            let header = [l(.territory), l(.archetype), l(.population), l(.aged75), l(.gpsPer100k), l(.devicesBefore),
                          l(.staffBefore), l(.convergenceIntoDAC), l(.dacStaff), l(.supportProgramme)]
            let staff = { (prefix: String, t: String) -> String in
                roles.map { Ticks.format(Double(facts[t]?[prefix + $0.0] ?? "") ?? .nan, decimals: 1) }.joined(separator: " / ")
            }
            page.table(header, territories.map { t in
                let f = facts[t] ?? [:]
                return [t, f["archetype"] ?? "", number(Double(f["population"] ?? "")), number(Double(f["population_75_plus"] ?? "")),
                        number(Double(f["gp_per_100k"] ?? "")), f["devices"] ?? "", staff("fte_", t),
                        f["convergence_date"] ?? "", f["dac_fte_coordination"] == nil ? "–" : staff("dac_fte_", t),
                        f["support_programme"] ?? ""]
            }, numericFrom: header.count)  // text throughout: several numbers per cell
            let changes = territories.compactMap { t in facts[t]?["staffing_changes"].map { "\(t): \($0)" } }
            if !changes.isEmpty { page.note(l(.staffingPlans, changes.joined(separator: ". "))) }
        }
    }

    // MARK: Methods

    static func methods(_ page: inout HTMLPage, _ results: ResultsDirectory) {
        let l = page.l
        page.section(l(.methods), id: "methods")
        // The settings of the run, of A for a comparison (B shares its horizon and warm-up), of a sweep's base.
        let side = ["run", "A", "base"].first { results.scenario[$0] != nil } ?? ""
        let facts = results.scenario[side]?[""] ?? [:]
        let replications = results.text("replications") ?? "?"
        let seed = results.text("seed") ?? "?"
        page.raw("<dl>\n")
        func item(_ term: String, _ text: String) { page.raw("<dt>\(escapeMarkup(term))</dt><dd>\(escapeMarkup(text))</dd>\n") }
        item(l(.objective), l(.objectiveText, results.kind == .compare ? l(.objectiveCompare)
                                 : results.kind == .sweep ? l(.objectiveSweep) : results.kind == .optimisation ? l(.objectiveOptimisation)
                                 : results.kind == .calibration ? l(.objectiveCalibration) : "."))
        item(l(.model), l(.modelText))
        item(l(.data), l(.dataText))
        let years = { (n: String) in n == "1" ? l(.oneYear) : l(.years, n) }
        let horizon = facts["horizon_years"].map(years) ?? l(.scenarioHorizon)
        let warmUp = facts["warm_up_years"].map { l(.theFirst, years($0)) } ?? l(.theWarmUp)
        var experiment = l(.experimentText, replications, horizon, seed, warmUp, facts["results_from"] ?? l(.theWarmUpEnd))
        switch results.kind {
        case .run: break
        case .compare, .uncertaintyComparison: experiment += l(.experimentCompare)
        case .sweep: experiment += l(.experimentSweep, (results.text("design") ?? "grid") == "grid" ? l(.grid) : l(.design))
        case .optimisation:
            let testing = results.manifest["testing"] as? [String: Any] ?? [:]
            let t = { (key: String) in (testing[key] as? NSNumber)?.stringValue ?? "?" }
            experiment += l(.experimentOptimisation, t("first_replications"), t("batch"), t("max_replications"), t("confidence"),
                            t("indifference"))
        case .calibration: experiment += l(.experimentCalibration, results.text("points_per_wave") ?? "?", results.text("cutoff") ?? "?",
                                           results.text("implausibility") ?? "max")
        }
        item(l(.experimentation), experiment)
        item(l(.statistics), l(.statisticsText) + (results.kind == .compare ? l(.statisticsCompare) : ""))
        item(l(.implementation), l(.implementationText, results.text("dacsim_version") ?? "?"))
        item(l(.verification), l(.verificationText))
        item(l(.resultsFiles), l(.resultsFilesText, results.path))
        page.raw("</dl>\n")
    }
}
