import CareModel
import Charts
import Foundation

/// Means and intervals of `summary.csv`, by territory then metric.
struct Summary {
    let territories: [String]
    let values: [String: [String: Estimate]]

    init(_ table: CSVTable) throws {
        let (t, m) = (try table.column("territory"), try table.column("metric"))
        let (mean, low, high) = (try table.column("mean"), try table.column("ci_low"), try table.column("ci_high"))
        var territories: [String] = [], values: [String: [String: Estimate]] = [:]
        for row in table.rows {
            if values[row[t]] == nil { territories.append(row[t]) }
            values[row[t], default: [:]][row[m]] = Estimate(mean: row[mean], low: row[low], high: row[high])
        }
        self.territories = territories
        self.values = values
    }

    func callAsFunction(_ territory: String, _ metric: String) -> Estimate? { values[territory]?[metric] }
}

/// Monthly means and intervals of `monthly.csv`, by metric, territory and month.
struct Monthly {
    let months: [String]
    let territories: [String]
    let values: [String: [String: [String: Estimate]]]

    init(_ table: CSVTable) throws {
        let (t, month, m) = (try table.column("territory"), try table.column("month"), try table.column("metric"))
        let (mean, low, high) = (try table.column("mean"), try table.column("ci_low"), try table.column("ci_high"))
        var months = Set<String>(), territories: [String] = [], seen = Set<String>()
        var values: [String: [String: [String: Estimate]]] = [:]
        for row in table.rows {
            months.insert(row[month])
            if seen.insert(row[t]).inserted { territories.append(row[t]) }
            values[row[m], default: [:]][row[t], default: [:]][row[month]] = Estimate(mean: row[mean], low: row[low], high: row[high])
        }
        self.months = months.sorted()  // YYYY-MM sorts as time does
        self.territories = territories
        self.values = values
    }

    /// Year ticks on a long axis, quarters on a short one.
    var ticks: [(value: Double, label: String)] {
        months.enumerated().compactMap { i, label in
            if months.count > 24 { return label.hasSuffix("-01") ? (Double(i), String(label.prefix(4))) : nil }
            return ["01", "04", "07", "10"].contains(String(label.suffix(2))) ? (Double(i), label) : nil
        }
    }

    func series(_ metric: String, _ territory: String, name: String? = nil) -> LineChart.Series {
        let byMonth = values[metric]?[territory] ?? [:]
        return LineChart.Series(name: name ?? territory, points: months.enumerated().map { i, month in
            let e = byMonth[month]
            return LineChart.Point(x: Double(i), y: e?.mean, low: e?.low, high: e?.high)
        })
    }
}

extension Report {
    /// At most this many territories share a chart over time (one colour each).
    static let territoriesPerChart = palette.count

    static func run(_ results: ResultsDirectory) throws -> HTMLPage {
        let summary = try Summary(results.table("summary.csv"))
        let monthly = try Monthly(results.table("monthly.csv"))
        let facts = results.scenario["run"] ?? [:]
        var page = HTMLPage(title: "dacsim report: \(results.text("scenario") ?? facts[""]?["name"] ?? "a run")")
        scenarioSection(&page, results, sides: [("run", "value")])

        page.section("Key results", id: "key-results")
        page.paragraph("Means over \(results.text("replications") ?? "the") replications of the observed period, with their "
                       + "95% confidence interval in brackets.")
        keyResultsTable(&page, summary)

        if FileManager.default.fileExists(atPath: results.url.appendingPathComponent("yearly.csv").path) {
            try yearSection(&page, results.table("yearly.csv"), summary: summary)
        }

        // Territories drawn over time: all of them, or the most populous when there are too many for distinct colours.
        var shown = monthly.territories
        var shownNote = ""
        if shown.count > territoriesPerChart {
            let population = { (t: String) in summary(t, "population")?.mean ?? 0 }
            shown = Array(shown.sorted { population($0) > population($1) }.prefix(territoriesPerChart))
            shownNote = " The \(territoriesPerChart) most populous of \(monthly.territories.count) territories are drawn; "
                + "monthly.csv holds them all."
        }
        let markers = convergenceMarkers(facts, monthly: monthly, territories: shown)
        let markerNote = markers.isEmpty ? "" : " Dashed lines mark convergence into a DAC."

        page.section("Waits over time", id: "waits")
        for (metric, what) in [("coordination_wait_mean_days", "coordination support"),
                               ("case_management_wait_mean_days", "case management")] {
            timeFigure(&page, monthly, metric: metric, territories: shown, markers: markers,
                       title: "Mean wait for \(what), by month of admission", yTitle: "days",
                       caption: "Mean wait of the people admitted to \(what) each month, per territory; the band is the "
                       + "95% confidence interval across replications.\(markerNote)\(shownNote)")
        }

        page.section("Wait lists and occupancy", id: "wait-lists")
        for (metric, title, unit, what) in [
            ("coordination_wait_list", "People waiting for coordination support", "people", "waiting at the end of each month"),
            ("case_management_wait_list", "People waiting for case management", "people", "waiting at the end of each month"),
            ("coordination_occupancy", "Coordination caseload occupancy", "people supported / capacity",
             "people supported over capacity at the end of each month (above 1 when capacity fell below the people already supported: nobody is sent away)"),
            ("case_management_occupancy", "Case-management caseload occupancy", "people supported / capacity",
             "people supported over capacity at the end of each month (above 1 when capacity fell below the people already supported: nobody is sent away)"),
        ] {
            timeFigure(&page, monthly, metric: metric, territories: shown, markers: markers, title: title, yTitle: unit,
                       caption: "\(title): \(what), per territory, with 95% confidence bands.\(markerNote)\(shownNote)")
        }

        page.section("Capacity through convergence", id: "capacity")
        page.paragraph("Places in coordination-support and case-management caseloads together. Ideal: what the policy's "
                       + "staffing per 100,000 inhabitants would give at today's population; planned: the FTE in post or "
                       + "planned, at full productivity; real: the places actually open, after vacancies, ramp-up of new "
                       + "hires and convergence frictions.")
        for territory in shown {
            var chart = LineChart(title: "Capacity of \(territory)", xTitle: "month", yTitle: "places (active cases)",
                                  series: [("capacity_ideal", "ideal"), ("capacity_planned", "planned"), ("capacity_real", "real")]
                .map { monthly.series($0.0, territory, name: $0.1) })
            chart.xTicks = monthly.ticks
            chart.markers = convergenceMarkers(facts, monthly: monthly, territories: [territory])
            let date = facts[territory]?["convergence_date"] ?? "none"
            let (first, last) = (monthly.months.first ?? "", monthly.months.last ?? "")
            let when = date == "none" ? " The territory does not converge during the run."
                : date.prefix(7) < first ? " It converged into a DAC on \(date), before the observed period begins."
                : date.prefix(7) > last ? " It converges into a DAC on \(date), after the end of the run."
                : " It converges into a DAC on \(date) (dashed line)."
            page.figure(svg: chart.svg(), caption: "Ideal, planned and real capacity of \(territory), monthly means with 95% bands.\(when)",
                        header: ["month", "ideal", "planned", "real"],
                        rows: monthTable(monthly, chart.series))
        }

        let territories = summary.territories.filter { $0 != TerritoryResult.totalName }
        if territories.count > 1 {
            sideBySide(&page, summary, territories: territories, facts: facts)
        }
        return page
    }

    /// The main metrics by calendar year (of all territories together, or the only one), and the
    /// scenario's targets with the probability that each is met.
    static func yearSection(_ page: inout HTMLPage, _ table: CSVTable, summary: Summary) throws {
        let (t, y, days, m) = (try table.column("territory"), try table.column("year"), try table.column("days_observed"),
                               try table.column("metric"))
        let (mean, low, high) = (try table.column("mean"), try table.column("ci_low"), try table.column("ci_high"))
        let (target, p, pLow, pHigh) = (try table.column("target"), try table.column("p_met"), try table.column("p_met_ci_low"),
                                        try table.column("p_met_ci_high"))
        let territory = summary.territories.contains(TerritoryResult.totalName) ? TerritoryResult.totalName
            : summary.territories.first ?? ""
        var years: [String] = [], observed: [String: String] = [:], values: [String: [String: Estimate]] = [:]
        for row in table.rows where row[t] == territory {
            if observed[row[y]] == nil { years.append(row[y]) }
            observed[row[y]] = row[days]
            values[row[m], default: [:]][row[y]] = Estimate(mean: row[mean], low: row[low], high: row[high])
        }
        page.section("Results by year", id: "years")
        page.paragraph("Means over the replications of each calendar year's observed days"
                       + (territory == TerritoryResult.totalName ? " for all territories together" : "")
                       + ", with their 95% confidence interval in brackets; rates are per year of those days. "
                       + "yearly.csv has every metric, year and territory.")
        let partial = years.filter { (Double(observed[$0] ?? "") ?? 365) < 365 }
        if !partial.isEmpty {
            page.note("Partly observed: " + partial.map { "\($0) (\(observed[$0] ?? "?") days)" }.joined(separator: ", ") + ".")
        }
        let columns = SummaryTable.columns
        page.table(["metric", "unit"] + years, columns.map { column in
            [column.label, column.unit] + years.map { estimate(inUnit(values[column.metric]?[$0], column)) }
        }, numericFrom: 2)
        let targets = table.rows.filter { !$0[target].isEmpty }
        guard !targets.isEmpty else { return }
        page.heading("Targets")
        page.paragraph("Each target of the scenario in its year: the metric's mean with its 95% interval, and the probability "
                       + "that the target is met, the share of replications meeting it, with its 95% Wilson score interval "
                       + "(which stays within 0 and 1).")
        page.table(["territory", "year", "target", "mean [95% CI]", "probability met [95% interval]"], targets.map { row in
            let probability = Estimate(mean: row[p], low: row[pLow], high: row[pHigh])
            return [row[t], row[y], "\(row[m]) \(row[target])", estimate(Estimate(mean: row[mean], low: row[low], high: row[high])),
                    "\(Ticks.format(probability.mean ?? .nan, decimals: 2)) [\(Ticks.format(probability.low ?? .nan, decimals: 2)), "
                    + "\(Ticks.format(probability.high ?? .nan, decimals: 2))]"]
        }, numericFrom: 3)
    }

    /// A table of the main metrics: metrics as rows and territories as columns when they are few.
    static func keyResultsTable(_ page: inout HTMLPage, _ summary: Summary) {
        let columns = SummaryTable.columns
        if summary.territories.count <= SummaryTable.territoryColumns {
            page.table(["metric", "unit"] + summary.territories, columns.map { column in
                [column.label, column.unit] + summary.territories.map { estimate(inUnit(summary($0, column.metric), column)) }
            }, numericFrom: 2)
        } else {
            page.table(["territory"] + columns.map(\.header), summary.territories.map { t in
                [t] + columns.map { estimate(inUnit(summary(t, $0.metric), $0)) }
            })
        }
    }

    /// One line per territory of a monthly metric, with its table.
    static func timeFigure(_ page: inout HTMLPage, _ monthly: Monthly, metric: String, territories: [String],
                           markers: [LineChart.Marker], title: String, yTitle: String, caption: String) {
        var chart = LineChart(title: title, xTitle: "month", yTitle: yTitle,
                              series: territories.map { monthly.series(metric, $0) })
        chart.xTicks = monthly.ticks
        chart.markers = markers
        page.figure(svg: chart.svg(), caption: caption, header: ["month"] + territories.map { "\($0): mean [95% CI]" },
                    rows: monthTable(monthly, chart.series))
    }

    static func monthTable(_ monthly: Monthly, _ series: [LineChart.Series]) -> [[String]] {
        monthly.months.indices.map { i in
            [monthly.months[i]] + series.map { s in
                let p = s.points[i]
                return estimate(Estimate(mean: p.y, low: p.low, high: p.high))
            }
        }
    }

    /// Convergence dates inside the observed months: one marker a date, naming its territories
    /// when they do not all converge together.
    static func convergenceMarkers(_ facts: [String: [String: String]], monthly: Monthly,
                                   territories: [String]) -> [LineChart.Marker] {
        var byMonth: [String: [String]] = [:]
        for t in territories {
            guard let date = facts[t]?["convergence_date"], date.count == 10 else { continue }
            byMonth[String(date.prefix(7)), default: []].append(t)
        }
        return byMonth.keys.sorted().compactMap { month in
            guard let i = monthly.months.firstIndex(of: month) else { return nil }
            let names = byMonth[month]!
            return LineChart.Marker(x: Double(i), label: names.count == territories.count ? "convergence"
                                    : "convergence: " + names.joined(separator: ", "))
        }
    }

    /// Territories side by side on the metrics that matter for equity, and the equity ratios.
    static func sideBySide(_ page: inout HTMLPage, _ summary: Summary, territories: [String],
                           facts: [String: [String: String]]) {
        page.section("Territories side by side", id: "territories")
        let perPopulation = { (t: String) -> Double? in
            guard let p = summary(t, "population")?.mean, p > 0 else { return nil }
            return 100_000 / p
        }
        let panels: [(title: String, unit: String, value: (String) -> Estimate?)] = [
            ("Mean wait for coordination support", "days", { summary($0, "coordination_wait_mean_days") }),
            ("Mean wait for case management", "days", { summary($0, "case_management_wait_mean_days") }),
            ("Unmet needs", "per 100,000 inhabitants per year", { summary($0, "unmet_needs_per_100k_per_year") }),
            // Population at the start is the same in every replication: the interval scales with it.
            ("Ruptures of care pathways", "per 100,000 inhabitants per year",
             { t in perPopulation(t).flatMap { summary(t, "ruptures_per_year")?.scaled($0) } }),
            ("Staff cost per person supported", "EUR", { summary($0, "cost_per_person_supported_eur") }),
        ]
        for panel in panels {
            let rows = territories.map { t in
                let e = panel.value(t)
                return IntervalChart.Row(label: t, value: e?.mean, low: e?.low, high: e?.high)
            }
            let chart = IntervalChart(title: panel.title, valueTitle: panel.unit, rows: rows)
            page.figure(svg: chart.svg(), caption: "\(panel.title) (\(panel.unit)) per territory: means with 95% intervals.",
                        header: ["territory", "archetype", "\(panel.title) (\(panel.unit)), mean [95% CI]"],
                        rows: territories.map { [$0, facts[$0]?["archetype"] ?? "", estimate(panel.value($0))] }, numericFrom: 2)
        }
        page.heading("Equity across territories")
        page.paragraph("Computed within each replication across territories, then averaged: the ratio of the highest "
                       + "territory to the lowest (1 is equal), and the Gini coefficient (0 is equal, 1 is all in one territory). "
                       + "Where a territory has almost no wait, the ratio of waits is huge and unstable from one replication "
                       + "to the next; the Gini coefficient is the steadier measure.")
        let total = TerritoryResult.totalName
        page.table(["metric", "highest / lowest, mean [95% CI]", "Gini, mean [95% CI]"], [
            ("coordination_wait_mean_days", "mean wait for coordination support"),
            ("case_management_wait_mean_days", "mean wait for case management"),
            ("unmet_needs_per_100k_per_year", "unmet needs per 100,000"),
            ("cost_per_person_supported_eur", "staff cost per person supported"),
        ].map { metric, label in
            [label, estimate(summary(total, "equity_\(metric)_max_min_ratio")), estimate(summary(total, "equity_\(metric)_gini"))]
        })
    }
}
