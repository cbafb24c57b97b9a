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

    init(months: [String], territories: [String], values: [String: [String: [String: Estimate]]]) {
        self.months = months
        self.territories = territories
        self.values = values
    }

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

    static func run(_ results: ResultsDirectory, _ l: Labels) throws -> HTMLPage {
        let summary = try Summary(results.table("summary.csv"))
        let monthly = try Monthly(results.table("monthly.csv"))
        let facts = results.scenario["run"] ?? [:]
        var page = HTMLPage(title: l(.runTitle, results.text("scenario") ?? facts[""]?["name"] ?? l(.aRun)), labels: l)
        scenarioSection(&page, results, sides: [("run", l(.value))])

        page.section(l(.keyResults), id: "key-results")
        page.paragraph(l(.keyResultsText, results.text("replications") ?? "?"))
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
            shownNote = l(.shownNote, String(territoriesPerChart), String(monthly.territories.count))
        }
        let markers = convergenceMarkers(facts, monthly: monthly, territories: shown, l)
        let markerNote = markers.isEmpty ? "" : l(.markerNote)

        page.section(l(.waitsOverTime), id: "waits")
        for (metric, what) in [("coordination_wait_mean_days", l(.coordinationSupport)),
                               ("case_management_wait_mean_days", l(.caseManagement))] {
            timeFigure(&page, monthly, metric: metric, territories: shown, markers: markers,
                       title: l(.meanWaitTitle, what), yTitle: l(.days),
                       caption: l(.meanWaitCaption, what, markerNote + shownNote))
        }

        page.section(l(.waitListsAndOccupancy), id: "wait-lists")
        for (metric, title, unit, what) in [
            ("coordination_wait_list", l(.waitingCoordination), l(.people), l(.waitingAtMonthEnd)),
            ("case_management_wait_list", l(.waitingCaseManagement), l(.people), l(.waitingAtMonthEnd)),
            ("coordination_occupancy", l(.occupancyCoordination), l(.occupancyUnit), l(.occupancyWhat)),
            ("case_management_occupancy", l(.occupancyCaseManagement), l(.occupancyUnit), l(.occupancyWhat)),
        ] {
            timeFigure(&page, monthly, metric: metric, territories: shown, markers: markers, title: title, yTitle: unit,
                       caption: l(.bandsCaption, title, what, markerNote + shownNote))
        }

        page.section(l(.capacityThroughConvergence), id: "capacity")
        page.paragraph(l(.capacityText))
        for territory in shown {
            var chart = LineChart(title: l(.capacityOf, territory), xTitle: l(.month), yTitle: l(.places),
                                  series: [("capacity_ideal", l(.ideal)), ("capacity_planned", l(.planned)), ("capacity_real", l(.real))]
                .map { monthly.series($0.0, territory, name: $0.1) })
            chart.xTicks = monthly.ticks
            chart.markers = convergenceMarkers(facts, monthly: monthly, territories: [territory], l)
            let date = facts[territory]?["convergence_date"] ?? "none"
            let (first, last) = (monthly.months.first ?? "", monthly.months.last ?? "")
            let when = date == "none" ? l(.noConvergence)
                : date.prefix(7) < first ? l(.convergedBefore, date)
                : date.prefix(7) > last ? l(.convergesAfter, date)
                : l(.convergesDuring, date)
            page.figure(svg: chart.svg(), caption: l(.capacityCaption, territory, when),
                        header: [l(.month), l(.ideal), l(.planned), l(.real)],
                        rows: monthTable(monthly, chart.series))
        }

        let territories = summary.territories.filter { $0 != TerritoryResult.totalName }
        if territories.count > 1 {
            sideBySide(&page, summary, territories: territories, facts: facts)
        }
        if (results.manifest["files"] as? [String])?.contains(WarmUpAnalysis.file) == true {
            try warmUpSection(&page, results, monthly: monthly, territories: shown, convergence: markers)
        }
        return page
    }

    /// The series `dacsim warmup` analysed, each with the truncation MSER-5 found (a dashed line).
    static func warmUpSection(_ page: inout HTMLPage, _ results: ResultsDirectory, monthly: Monthly, territories: [String],
                              convergence: [LineChart.Marker]) throws {
        let table = try results.table(WarmUpAnalysis.file)
        let (t, m, cut, settled) = (try table.column("territory"), try table.column("metric"), try table.column("truncation_months"),
                                    try table.column("settled"))
        let l = page.l
        page.section(l(.warmUpTitle), id: "warm-up")
        let suggested = table.rows.filter { $0[settled] == "yes" }.compactMap { Int($0[cut]) }.max() ?? 0
        page.paragraph(l(.warmUpText, String(suggested)))
        page.table([l(.territory), l(.series), l(.truncationMonths), l(.settled)],
                   table.rows.map { [$0[t], $0[m], $0[cut], $0[settled]] }, numericFrom: 2)
        for metric in WarmUpAnalysis.metrics {
            var chart = LineChart(title: metric.replacingOccurrences(of: "_", with: " "), xTitle: l(.month), yTitle: metric,
                                  series: territories.map { monthly.series(metric, $0) })
            chart.xTicks = monthly.ticks
            chart.markers = convergence + territories.compactMap { territory in
                guard let row = table.rows.first(where: { $0[t] == territory && $0[m] == metric }), let months = Int(row[cut]) else { return nil }
                return LineChart.Marker(x: Double(months), label: l(.cutAt, territory, String(months)) + (row[settled] == "yes" ? "" : l(.notSettled)))
            }
            page.figure(svg: chart.svg(), caption: l(.warmUpCaption, metric, convergence.isEmpty ? "." : l(.andConvergence)),
                        header: [l(.month)] + territories.map { l(.meanCIOf, $0) }, rows: monthTable(monthly, chart.series))
        }
    }

    /// The main metrics by calendar year (of all territories together, or the only one), and the
    /// scenario's targets with the probability that each is met.
    static func yearSection(_ page: inout HTMLPage, _ table: CSVTable, summary: Summary) throws {
        let (t, y, days, m) = (try table.column("territory"), try table.column("year"), try table.column("days_observed"),
                               try table.column("metric"))
        let (mean, low, high) = (try table.column("mean"), try table.column("ci_low"), try table.column("ci_high"))
        let l = page.l
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
        page.section(l(.resultsByYear), id: "years")
        page.paragraph(l(.resultsByYearText, territory == TerritoryResult.totalName ? l(.forAllTerritories) : ""))
        let partial = years.filter { (Double(observed[$0] ?? "") ?? 365) < 365 }
        if !partial.isEmpty {
            page.note(l(.partlyObserved, partial.map { l(.daysCount, $0, observed[$0] ?? "?") }.joined(separator: ", ")))
        }
        let columns = SummaryTable.columns(l)
        page.table([l(.metric), l(.unit)] + years, columns.map { column in
            [column.label, column.unit] + years.map { estimate(inUnit(values[column.metric]?[$0], column)) }
        }, numericFrom: 2)
        let targets = table.rows.filter { !$0[target].isEmpty }
        guard !targets.isEmpty else { return }
        page.heading(l(.targets))
        page.paragraph(l(.targetsText))
        page.table([l(.territory), l(.year), l(.target), l(.meanCI), l(.probabilityMet)], targets.map { row in
            let probability = Estimate(mean: row[p], low: row[pLow], high: row[pHigh])
            let value = Estimate(mean: row[mean], low: row[low], high: row[high])
            return [row[t], row[y], "\(row[m]) \(row[target])", estimate(row[m].hasSuffix("_share") ? value.clipped(to: 0...1) : value),
                    "\(Ticks.format(probability.mean ?? .nan, decimals: 2)) [\(Ticks.format(probability.low ?? .nan, decimals: 2)), "
                    + "\(Ticks.format(probability.high ?? .nan, decimals: 2))]"]
        }, numericFrom: 3)
    }

    /// A table of the main metrics: metrics as rows and territories as columns when they are few.
    static func keyResultsTable(_ page: inout HTMLPage, _ summary: Summary) {
        let l = page.l, columns = SummaryTable.columns(l)
        if summary.territories.count <= SummaryTable.territoryColumns {
            page.table([l(.metric), l(.unit), l(.basis)] + summary.territories, columns.map { column in
                [column.label, column.unit, column.basis.label(l)] + summary.territories.map { estimate(inUnit(summary($0, column.metric), column)) }
            }, numericFrom: 3)
            page.paragraph(l(.basisLegend))
        } else {
            page.table([l(.territory)] + columns.map(\.header), summary.territories.map { t in
                [t] + columns.map { estimate(inUnit(summary(t, $0.metric), $0)) }
            })
            page.paragraph(l(.basisWideLegend, columns.filter { $0.basis == .calibrated }.map(\.label).joined(separator: ", ")))
        }
    }

    /// One line per territory of a monthly metric, with its table.
    static func timeFigure(_ page: inout HTMLPage, _ monthly: Monthly, metric: String, territories: [String],
                           markers: [LineChart.Marker], title: String, yTitle: String, caption: String) {
        let l = page.l
        var chart = LineChart(title: title, xTitle: l(.month), yTitle: yTitle,
                              series: territories.map { monthly.series(metric, $0) })
        chart.xTicks = monthly.ticks
        chart.markers = markers
        page.figure(svg: chart.svg(), caption: caption, header: [l(.month)] + territories.map { "\($0): \(l(.meanCI))" },
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
                                   territories: [String], _ l: Labels) -> [LineChart.Marker] {
        var byMonth: [String: [String]] = [:]
        for t in territories {
            guard let date = facts[t]?["convergence_date"], date.count == 10 else { continue }
            byMonth[String(date.prefix(7)), default: []].append(t)
        }
        return byMonth.keys.sorted().compactMap { month in
            guard let i = monthly.months.firstIndex(of: month) else { return nil }
            let names = byMonth[month]!
            return LineChart.Marker(x: Double(i), label: names.count == territories.count ? l(.convergence)
                                    : l(.convergenceOf, names.joined(separator: ", ")))
        }
    }

    /// Territories side by side on the metrics that matter for equity, and the equity ratios.
    static func sideBySide(_ page: inout HTMLPage, _ summary: Summary, territories: [String],
                           facts: [String: [String: String]]) {
        let l = page.l
        page.section(l(.sideBySide), id: "territories")
        let perPopulation = { (t: String) -> Double? in
            guard let p = summary(t, "population")?.mean, p > 0 else { return nil }
            return 100_000 / p
        }
        let panels: [(title: String, unit: String, value: (String) -> Estimate?)] = [
            (l(.meanWaitCoordination), l(.days), { summary($0, "coordination_wait_mean_days") }),
            (l(.meanWaitCaseManagement), l(.days), { summary($0, "case_management_wait_mean_days") }),
            (l(.unmetNeeds), l(.per100kPerYear), { summary($0, "unmet_needs_per_100k_per_year") }),
            // Population at the start is the same in every replication: the interval scales with it.
            (l(.ruptures), l(.per100kPerYear),
             { t in perPopulation(t).flatMap { summary(t, "ruptures_per_year")?.scaled($0) } }),
            (l(.costPerPerson), l(.eur), { summary($0, "cost_per_person_supported_eur") }),
        ]
        for panel in panels {
            let rows = territories.map { t in
                let e = panel.value(t)
                return IntervalChart.Row(label: t, value: e?.mean, low: e?.low, high: e?.high)
            }
            var chart = IntervalChart(title: panel.title, valueTitle: panel.unit, rows: rows)
            chart.noValue = l(.noValue)
            page.figure(svg: chart.svg(), caption: l(.perTerritoryCaption, panel.title, panel.unit),
                        header: [l(.territory), l(.archetype), "\(panel.title) (\(panel.unit)), \(l(.meanCI))"],
                        rows: territories.map { [$0, facts[$0]?["archetype"] ?? "", estimate(panel.value($0))] }, numericFrom: 2)
        }
        page.heading(l(.equityAcrossTerritories))
        page.paragraph(l(.equityText))
        let total = TerritoryResult.totalName
        page.table([l(.metric), l(.highestLowest), l(.gini)], [
            ("coordination_wait_mean_days", l(.equityWaitCoordination)),
            ("case_management_wait_mean_days", l(.equityWaitCaseManagement)),
            ("unmet_needs_per_100k_per_year", l(.equityUnmet)),
            ("cost_per_person_supported_eur", l(.equityCost)),
        ].map { metric, label in
            [label, estimate(summary(total, "equity_\(metric)_max_min_ratio")), estimate(summary(total, "equity_\(metric)_gini"))]
        })
    }
}
