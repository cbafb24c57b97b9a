import Charts
import Foundation

extension Report {
    static func compare(_ results: ResultsDirectory, _ l: Labels) throws -> HTMLPage {
        let table = try results.table("comparison.csv")
        let (t, m) = (try table.column("territory"), try table.column("metric"))
        let (a, b, d) = (try table.column("mean_a"), try table.column("mean_b"), try table.column("difference"))
        let (low, high, significant) = (try table.column("ci_low"), try table.column("ci_high"), try table.column("significant"))
        var territories: [String] = []
        var rows: [String: [String: [String]]] = [:]
        for row in table.rows {
            if rows[row[t]] == nil { territories.append(row[t]) }
            rows[row[t], default: [:]][row[m]] = row
        }
        let nameA = results.text("a_scenario") ?? "A", nameB = results.text("b_scenario") ?? "B"
        var page = HTMLPage(title: l(.comparisonTitle, nameB, nameA), labels: l)
        scenarioSection(&page, results, sides: [("A", "A: \(nameA)"), ("B", "B: \(nameB)")])

        page.section(l(.differences), id: "differences")
        let crn = results.text("seed") == results.text("b_seed")
        page.paragraph(l(.differencesText, results.text("replications") ?? "?", crn ? l(.differencesPaired) : l(.differencesIndependent)))
        page.paragraph(l(.basisLegend))
        page.beginPanels()
        for column in SummaryTable.columns(l) {
            let found = territories.filter { rows[$0]?[column.metric] != nil }
            guard !found.isEmpty else { continue }
            let estimates = found.map { territory -> (row: [String], difference: Estimate?) in
                let row = rows[territory]![column.metric]!
                // A difference of shares lies within -1 and 1, as its interval is shown.
                let difference = Estimate(mean: row[d], low: row[low], high: row[high])
                return (row, column.isShare ? difference.clipped(to: -1...1) : inUnit(difference, column))
            }
            var chart = IntervalChart(title: l(.differenceTitle, column.label), valueTitle: "B − A (\(column.unit))",
                                      rows: zip(found, estimates).map { territory, e in
                                          IntervalChart.Row(label: territory, value: e.difference?.mean, low: e.difference?.low,
                                                            high: e.difference?.high)
                                      }, style: .dots, reference: 0)
            chart.width = HTMLPage.panelWidth
            chart.noValue = l(.noValue)
            page.figure(svg: chart.svg(), caption: l(.differenceCaption, "\(column.label) (\(l(.basis)): \(column.basis.label(l)))", column.unit),
                        header: [l(.territory), "A (\(column.unit))", "B (\(column.unit))", "B − A", l(.ciOfDifference), l(.excludesZero)],
                        rows: zip(found, estimates).map { territory, e in
                            let value = { (cell: String) in number(inUnit(Estimate(mean: cell, low: "", high: ""), column)?.mean) }
                            return [territory, value(e.row[a]), value(e.row[b]),
                                    number(e.difference?.mean),
                                    e.difference?.low == nil ? "–" : "[\(number(e.difference?.low)), \(number(e.difference?.high))]",
                                    e.row[significant] == "yes" ? "*" : ""]
                        })
        }
        page.endPanels()

        if FileManager.default.fileExists(atPath: results.url.appendingPathComponent("comparison-monthly.csv").path) {
            try differencesOverTime(&page, results.table("comparison-monthly.csv"), results: results)
        }

        page.section(l(.everyMetric), id: "every-metric")
        page.paragraph(l(.everyMetricText))
        page.raw("<details><summary>\(escapeMarkup(l(.showTable, String(table.rows.count))))</summary>\n")
        page.table([l(.territory), l(.metric), "A", "B", "B − A", l(.ciOfDifference), l(.excludesZero)], table.rows.map { row in
            [row[t], row[m], number(Double(row[a])), number(Double(row[b])), number(Double(row[d])),
             row[low].isEmpty ? "–" : "[\(number(Double(row[low]))), \(number(Double(row[high])))]",
             row[significant] == "yes" ? "*" : ""]
        }, numericFrom: 2)
        page.raw("</details>\n")
        return page
    }

    /// The monthly difference B − A of the main monthly metrics, a line per territory with its
    /// band, so that a planner sees when B helps (after a convergence, while a programme runs).
    static func differencesOverTime(_ page: inout HTMLPage, _ table: CSVTable, results: ResultsDirectory) throws {
        let l = page.l
        let (t, month, m) = (try table.column("territory"), try table.column("month"), try table.column("metric"))
        let (d, low, high) = (try table.column("difference"), try table.column("ci_low"), try table.column("ci_high"))
        var months = Set<String>(), territories: [String] = []
        var values: [String: [String: [String: Estimate]]] = [:]
        for row in table.rows {
            months.insert(row[month])
            if !territories.contains(row[t]) { territories.append(row[t]) }
            values[row[m], default: [:]][row[t], default: [:]][row[month]] = Estimate(mean: row[d], low: row[low], high: row[high])
        }
        guard !months.isEmpty else { return }
        let monthly = Monthly(months: months.sorted(), territories: territories, values: values)
        let shown = Array(territories.prefix(territoriesPerChart))
        let shownNote = territories.count > shown.count ? l(.shownNote, String(shown.count), String(territories.count)) : ""
        // Convergence dates of A and B, as the run report marks them.
        let (markersA, markersB) = (convergenceMarkers(results.scenario["A"] ?? [:], monthly: monthly, territories: shown, l),
                                    convergenceMarkers(results.scenario["B"] ?? [:], monthly: monthly, territories: shown, l))
        // A date both scenarios share is marked once; one of a single scenario says which.
        let markers = markersA.map { a in markersB.contains { $0.x == a.x && $0.label == a.label } ? a
                                         : LineChart.Marker(x: a.x, label: "A: \(a.label)") }
            + markersB.filter { b in !markersA.contains { $0.x == b.x && $0.label == b.label } }
                .map { LineChart.Marker(x: $0.x, label: "B: \($0.label)") }
        page.section(l(.differencesOverTime), id: "differences-over-time")
        page.paragraph(l(.differencesOverTimeText))
        for (metric, label, unit) in [
            ("coordination_wait_mean_days", l(.meanWaitCoordination), l(.days)),
            ("case_management_wait_mean_days", l(.meanWaitCaseManagement), l(.days)),
            ("coordination_wait_list", l(.coordinationWaitList), l(.people)),
            ("case_management_wait_list", l(.caseManagementWaitList), l(.people)),
            ("capacity_real", l(.realCapacity), l(.places)),
            ("unmet_needs", l(.unmetNeeds), l(.people)),
        ] where values[metric] != nil {
            var chart = LineChart(title: l(.differenceOverTimeTitle, label), xTitle: l(.month), yTitle: l(.differenceUnit, unit),
                                  series: shown.map { monthly.series(metric, $0) })
            chart.xTicks = monthly.ticks
            chart.markers = markers
            chart.reference = 0
            chart.yFromZero = false  // a difference may be negative: its band is never cut at zero
            page.figure(svg: chart.svg(), caption: l(.differenceOverTimeCaption, label, unit, (markers.isEmpty ? "" : l(.markerNote)) + shownNote),
                        header: [l(.month)] + shown.map { "\($0): \(l(.meanCI))" }, rows: monthTable(monthly, chart.series))
        }
    }
}
