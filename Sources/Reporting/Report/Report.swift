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
    public static func build(directory: String, date: Date = Date()) throws -> String {
        let results = try ResultsDirectory(path: directory)
        var page: HTMLPage
        switch results.kind {
        case .run: page = try run(results)
        case .compare: page = try compare(results)
        case .sweep: page = try sweep(results)
        }
        methods(&page, results)
        let version = results.text("dacsim_version") ?? "?"
        return page.html(subtitle: "A \(results.kind.rawValue) of dacsim \(version), results of "
                         + "\(results.text("created") ?? "an unknown date"); report made "
                         + "\(ISO8601DateFormatter().string(from: date)) from \(directory)")
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

    /// A column's value in its unit (staff cost in thousands of euros).
    static func inUnit(_ e: Estimate?, _ column: SummaryTable.Column) -> Estimate? {
        e?.scaled(column.scale)
    }

    // MARK: What was simulated

    static let roles = [("front_desk", "front desk"), ("coordination", "coordination"), ("case_management", "case management")]

    /// The scenario's settings (a column per side) and its territories (a table per side).
    static func scenarioSection(_ page: inout HTMLPage, _ results: ResultsDirectory, sides: [(key: String, label: String)]) {
        page.section("Scenario", id: "scenario")
        let described = sides.filter { results.scenario[$0.key] != nil }
        guard !described.isEmpty else {
            page.note("This results directory has no scenario.csv (it was written by an older dacsim): only the manifest "
                      + "describes the scenario. Run it again to have territories, staffing and convergence dates here.")
            page.table(["item", "value"], results.manifest.keys.sorted().map { [$0, results.text($0) ?? ""] }, numericFrom: 2)
            return
        }
        let items: [(String, String, (String) -> String)] = [
            ("name", "scenario", { $0 }), ("file", "scenario file", { $0 }), ("start", "first simulated day", { $0 }),
            ("horizon_years", "horizon (years)", { $0 }), ("warm_up_years", "warm-up, discarded (years)", { $0 }),
            ("results_from", "results from", { $0 }), ("target_delay_days", "target delay (days)", { $0 }),
            ("rupture_wait_days", "a wait longer than this is a rupture (days)", { number(Double($0)) }),
        ] + roles.map { role in ("cost_per_fte_eur_per_year_\(role.0)", "cost per FTE, \(role.1) (EUR/yr)", { number(Double($0)) }) }
        var rows = items.map { key, label, format in
            [label] + described.map { side in results.scenario[side.key]?[""]?[key].map(format) ?? "" }
        }
        rows.append(["replications"] + Array(repeating: results.text("replications") ?? "", count: described.count))
        // A comparison records B's seed apart: equal to A's on common random numbers.
        rows.append(["seed"] + described.map { results.text($0.key == "B" ? "b_seed" : "seed") ?? "" })
        rows.append(["dacsim version"] + Array(repeating: results.text("dacsim_version") ?? "", count: described.count))
        page.table(["setting"] + described.map(\.label), rows, numericFrom: described.count + 1)

        for side in described {
            let territories = results.territoryNames[side.key] ?? []
            let facts = results.scenario[side.key] ?? [:]
            page.heading("Territories" + (described.count > 1 ? " of \(side.label)" : ""))
            let header = ["territory", "archetype", "population", "aged 75+", "GPs per 100k", "devices before convergence",
                          "staff before (front desk / coordination / case management FTE)", "convergence into a DAC",
                          "DAC staff (FTE)", "support programme"]
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
            if !changes.isEmpty { page.note("Staffing plans: " + changes.joined(separator: ". ")) }
        }
    }

    // MARK: Methods

    static func methods(_ page: inout HTMLPage, _ results: ResultsDirectory) {
        page.section("Methods", id: "methods")
        // The settings of the run, of A for a comparison (B shares its horizon and warm-up), of a sweep's base.
        let side = ["run", "A", "base"].first { results.scenario[$0] != nil } ?? ""
        let facts = results.scenario[side]?[""] ?? [:]
        let replications = results.text("replications") ?? "?"
        let seed = results.text("seed") ?? "?"
        page.raw("<dl>\n")
        func item(_ term: String, _ text: String) { page.raw("<dt>\(escapeMarkup(term))</dt><dd>\(escapeMarkup(text))</dd>\n") }
        item("Objective", "To estimate, per territory, the waits for coordination support and case management, caseload "
             + "occupancy, unmet needs, ruptures of care pathways, hospitalisations and staff costs that follow from the "
             + "scenario's devices, staffing and convergence into a DAC"
             + (results.kind == .compare ? ", and the difference between two scenarios." : results.kind == .sweep
                 ? ", and how they change along the sweep's axes." : "."))
        item("Model", "A discrete-event simulation in continuous time (days). Complex situations arise in each territory as a "
             + "non-homogeneous Poisson process (incidence by age band and pathway, seasonality, population growth), sampled by "
             + "thinning; from then on each person is an individual with a need level (coordination support or case management) "
             + "and hazards of changing need, hospitalisation, nursing-home entry, death and moving. Referral depends on GP density "
             + "and on how readable the offer is; before convergence a request may reach the wrong device or no eligible one. "
             + "Devices have a front desk with working hours, caseloads of staff time (each FTE's share of time for caseloads; "
             + "each person followed takes hours a month by need level and pathway), and priority wait lists. Services that "
             + "exist at the start are spun up before it, so they start in their steady state. Convergence merges devices into "
             + "one DAC (all at once, or staged, some staying out) with frictions (launch, role conflicts, information system, "
             + "training), recruitment of its new posts and staff turnover rising around it. Every person is accounted for (in service, waiting, or left for a counted reason), "
             + "and this is checked at the end of every replication. The full description is in docs/model.md.")
        item("Data", "Parameter values come from the scenario file (and its defaults and archetype); their sources are cited in "
             + "the file's comments and in docs/model.md, where values with no published figure are marked as assumptions, meant "
             + "to be swept. The scenario file's SHA-256 is recorded in manifest.json.")
        let years = { (n: String) in n == "1" ? "1 year" : "\(n) years" }
        let horizon = facts["horizon_years"].map(years) ?? "the scenario's horizon"
        let warmUp = facts["warm_up_years"].map { "the first " + years($0) } ?? "the warm-up"
        var experiment = "\(replications) independent replications of \(horizon) each, with seed \(seed); \(warmUp) "
            + "(warm-up) are discarded and results begin on \(facts["results_from"] ?? "the warm-up's end"). Every random number "
            + "comes from a GSL MT19937 stream derived from (seed, replication, territory, purpose): demand, persons' attributes, "
            + "care, life events and staff each have their own."
        switch results.kind {
        case .run: break
        case .compare:
            experiment += " Both scenarios ran on the same streams (common random numbers) unless the seeds above differ, so "
                + "replication r of A and of B see the same arrivals and persons; differences are paired replication by replication."
        case .sweep:
            let what = (results.text("design") ?? "grid") == "grid" ? "grid" : "design"
            experiment += " Every cell of the \(what) runs with the same seed, so cells share their random streams (common random "
                + "numbers across the \(what))."
        }
        item("Experimentation", experiment)
        item("Statistics", "Each metric is computed per replication over the observed period, then summarised by its mean across "
             + "replications and a 95% Student t confidence interval (shown in brackets and as bands or whiskers). Monthly series "
             + "are the mean of each month across replications, with the same interval. Percentiles of waits (p90) are taken within "
             + "each replication, then averaged. Equity ratios (highest over lowest territory, and Gini coefficient) are computed "
             + "within each replication across territories, then summarised the same way."
             + (results.kind == .compare ? " A difference is starred when its paired interval excludes zero." : ""))
        item("Implementation", "dacsim \(results.text("dacsim_version") ?? "?") (Swift, with the GNU Scientific Library for random "
             + "distributions). The same scenario and seed give byte-identical results whatever the number of threads.")
        item("Verification", "The engine is tested against queueing theory (Erlang C, B and A, M/G/∞, Little's law) and the "
             + "samplers against their closed forms, with tolerances from replications' confidence intervals (docs/engine.md).")
        item("Results files", "This report reads the CSV files beside its manifest.json in \(results.path); they hold every "
             + "number shown here, in tidy form for pandas or R.")
        page.raw("</dl>\n")
    }
}
