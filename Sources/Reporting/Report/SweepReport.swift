import CareModel
import Charts
import Foundation

extension Report {
    static func sweep(_ results: ResultsDirectory) throws -> HTMLPage {
        let plan = try results.table("plan.csv")
        let axes = Array(plan.header.dropFirst())
        // Each axis' values in the order the grid lists them.
        let values = axes.indices.map { i in plan.rows.map { $0[i + 1] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } }
        let table = try results.table("sweep-summary.csv")
        let axisColumns = try axes.map { try table.column($0) }
        let (t, m) = (try table.column("territory"), try table.column("metric"))
        let (mean, low, high) = (try table.column("mean"), try table.column("ci_low"), try table.column("ci_high"))
        // One territory's figures: the total of a multi-territory scenario, else its only territory.
        let names = table.rows.map { $0[t] }
        let territory = names.contains(TerritoryResult.totalName) ? TerritoryResult.totalName : names.first ?? ""
        var cells: [[String]: [String: Estimate]] = [:]
        for row in table.rows where row[t] == territory {
            cells[axisColumns.map { row[$0] }, default: [:]][row[m]] = Estimate(mean: row[mean], low: row[low], high: row[high])
        }

        var page = HTMLPage(title: "dacsim sweep: \(results.scenario["base"]?[""]?["name"] ?? results.text("sweep_file") ?? "a sweep")")
        scenarioSection(&page, results, sides: [("base", "base scenario")])
        page.heading("The grid")
        page.paragraph("\(results.text("cells") ?? String(plan.rows.count)) cells (every combination of the axes' values), "
                       + "\(results.text("replications") ?? "?") replications each, from the sweep file "
                       + "\(results.text("sweep_file") ?? "?"). Each cell is the base scenario with these values laid over it.")
        page.table(["axis (scenario key)", "values"], axes.indices.map { [axes[$0], values[$0].joined(separator: ", ")] }, numericFrom: 2)

        // Short axis names for legends: the key's last part, unless two axes share it.
        let lastParts = axes.map { String($0.split(separator: ".").last ?? Substring($0)) }
        let short = axes.indices.map { Set(lastParts).count == axes.count ? lastParts[$0] : axes[$0] }

        page.section("Metrics against each axis", id: "metrics")
        page.paragraph("Results of \(territory == TerritoryResult.totalName ? "all territories together" : territory): means over "
                       + "replications with 95% confidence intervals as whiskers. With several axes, each line holds the other "
                       + "axes at the values its legend gives.")
        page.beginPanels()
        for column in SummaryTable.columns {
            for (i, axis) in axes.enumerated() {
                let numeric = values[i].allSatisfy { Double($0) != nil }
                let x = { (index: Int) in numeric ? Double(values[i][index])! : Double(index) }
                // Every combination of the other axes' values is one line.
                let others = axes.indices.filter { $0 != i }
                let combinations = others.reduce([[Int: String]()]) { partial, o in
                    partial.flatMap { combo in values[o].map { combo.merging([o: $0]) { $1 } } }
                }
                let shown = combinations.prefix(palette.count)
                let series = shown.map { combo -> LineChart.Series in
                    let name = others.map { "\(short[$0]) = \(combo[$0]!)" }.joined(separator: ", ")
                    return LineChart.Series(name: name.isEmpty ? column.label : name, points: values[i].indices.map { v in
                        let key = axes.indices.map { $0 == i ? values[i][v] : combo[$0]! }
                        let e = inUnit(cells[key]?[column.metric], column)
                        return LineChart.Point(x: x(v), y: e?.mean, low: e?.low, high: e?.high)
                    })
                }
                var chart = LineChart(title: "\(column.label) against \(short[i])", xTitle: axis,
                                      yTitle: column.unit, series: series)
                chart.intervals = .whiskers
                chart.width = HTMLPage.panelWidth
                chart.height = 300
                if !numeric { chart.xTicks = values[i].indices.map { (Double($0), values[i][$0]) } }
                let more = combinations.count > shown.count
                    ? " The first \(shown.count) of \(combinations.count) combinations of the other axes are drawn; the table has them all." : ""
                page.figure(svg: chart.svg(),
                            caption: "\(column.label) (\(column.unit)) against \(axis), means with 95% intervals.\(more)",
                            header: [axis] + combinations.map { combo in
                                others.isEmpty ? "mean [95% CI]" : others.map { "\(short[$0]) = \(combo[$0]!)" }.joined(separator: ", ")
                            },
                            rows: values[i].map { v in
                                [v] + combinations.map { combo in
                                    estimate(inUnit(cells[axes.indices.map { $0 == i ? v : combo[$0]! }]?[column.metric], column))
                                }
                            })
            }
        }
        page.endPanels()
        return page
    }
}
