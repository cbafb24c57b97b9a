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
        page.beginPanels()
        for column in SummaryTable.columns(l) {
            let found = territories.filter { rows[$0]?[column.metric] != nil }
            guard !found.isEmpty else { continue }
            let estimates = found.map { territory -> (row: [String], difference: Estimate?) in
                let row = rows[territory]![column.metric]!
                return (row, inUnit(Estimate(mean: row[d], low: row[low], high: row[high]), column))
            }
            var chart = IntervalChart(title: l(.differenceTitle, column.label), valueTitle: "B − A (\(column.unit))",
                                      rows: zip(found, estimates).map { territory, e in
                                          IntervalChart.Row(label: territory, value: e.difference?.mean, low: e.difference?.low,
                                                            high: e.difference?.high)
                                      }, style: .dots, reference: 0)
            chart.width = HTMLPage.panelWidth
            chart.noValue = l(.noValue)
            page.figure(svg: chart.svg(), caption: l(.differenceCaption, column.label, column.unit),
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
}
