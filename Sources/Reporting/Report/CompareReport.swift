import Charts
import Foundation

extension Report {
    static func compare(_ results: ResultsDirectory) throws -> HTMLPage {
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
        var page = HTMLPage(title: "dacsim comparison: \(nameB) against \(nameA)")
        scenarioSection(&page, results, sides: [("A", "A: \(nameA)"), ("B", "B: \(nameB)")])

        page.section("Differences, B − A", id: "differences")
        let crn = results.text("seed") == results.text("b_seed")
        page.paragraph("For each metric, the mean over \(results.text("replications") ?? "the") replications of B's value "
                       + "minus A's, with its 95% confidence interval"
                       + (crn ? ", paired replication by replication on common random numbers. " : " (B ran on other random "
                          + "streams than A). ")
                       + "An interval that excludes the vertical line at zero is a difference the replications can tell apart "
                       + "from chance (starred in the tables).")
        page.beginPanels()
        for column in SummaryTable.columns {
            let found = territories.filter { rows[$0]?[column.metric] != nil }
            guard !found.isEmpty else { continue }
            let estimates = found.map { territory -> (row: [String], difference: Estimate?) in
                let row = rows[territory]![column.metric]!
                return (row, inUnit(Estimate(mean: row[d], low: row[low], high: row[high]), column))
            }
            var chart = IntervalChart(title: "\(column.label): B − A", valueTitle: "B − A (\(column.unit))",
                                      rows: zip(found, estimates).map { territory, e in
                                          IntervalChart.Row(label: territory, value: e.difference?.mean, low: e.difference?.low,
                                                            high: e.difference?.high)
                                      }, style: .dots, reference: 0)
            chart.width = HTMLPage.panelWidth
            page.figure(svg: chart.svg(), caption: "\(column.label) (\(column.unit)): difference B − A per territory, with its 95% interval.",
                        header: ["territory", "A (\(column.unit))", "B (\(column.unit))", "B − A", "95% CI of B − A", "excludes 0"],
                        rows: zip(found, estimates).map { territory, e in
                            let value = { (cell: String) in number(inUnit(Estimate(mean: cell, low: "", high: ""), column)?.mean) }
                            return [territory, value(e.row[a]), value(e.row[b]),
                                    number(e.difference?.mean),
                                    e.difference?.low == nil ? "–" : "[\(number(e.difference?.low)), \(number(e.difference?.high))]",
                                    e.row[significant] == "yes" ? "*" : ""]
                        })
        }
        page.endPanels()

        page.section("Every metric", id: "every-metric")
        page.paragraph("All metrics of comparison.csv, as they are named there (rates per year unless the name says otherwise).")
        page.raw("<details><summary>Show the table (\(table.rows.count) rows)</summary>\n")
        page.table(["territory", "metric", "A", "B", "B − A", "95% CI of B − A", "excludes 0"], table.rows.map { row in
            [row[t], row[m], number(Double(row[a])), number(Double(row[b])), number(Double(row[d])),
             row[low].isEmpty ? "–" : "[\(number(Double(row[low]))), \(number(Double(row[high])))]",
             row[significant] == "yes" ? "*" : ""]
        }, numericFrom: 2)
        page.raw("</details>\n")
        return page
    }
}
