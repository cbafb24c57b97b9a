import CareModel
import Charts
import Foundation

extension Report {
    static func sweep(_ results: ResultsDirectory, _ l: Labels) throws -> HTMLPage {
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

        var page = HTMLPage(title: l(.sweepTitle, results.scenario["base"]?[""]?["name"] ?? results.text("sweep_file") ?? l(.aSweep)),
                            labels: l)
        scenarioSection(&page, results, sides: [("base", l(.baseScenario))])
        page.heading(l(.theGrid))
        page.paragraph(l(.gridText, results.text("cells") ?? String(plan.rows.count), results.text("replications") ?? "?",
                         results.text("sweep_file") ?? "?"))
        page.table([l(.axisKey), l(.values)], axes.indices.map { [axes[$0], values[$0].joined(separator: ", ")] }, numericFrom: 2)

        // Short axis names for legends: the key's last part, unless two axes share it.
        let lastParts = axes.map { String($0.split(separator: ".").last ?? Substring($0)) }
        let short = axes.indices.map { Set(lastParts).count == axes.count ? lastParts[$0] : axes[$0] }

        page.section(l(.metricsAgainstAxes), id: "metrics")
        page.paragraph(l(.metricsAgainstAxesText, territory == TerritoryResult.totalName ? l(.allTerritoriesTogether) : territory))
        // Against each axis, one line per combination of the other axes' values (none: a single
        // line with an empty label), the same for every metric.
        let lines = axes.indices.map { i -> [(label: String, fixed: [Int: String])] in
            let others = axes.indices.filter { $0 != i }
            let combinations = others.reduce([[Int: String]()]) { partial, o in
                partial.flatMap { combo in values[o].map { combo.merging([o: $0]) { $1 } } }
            }
            return combinations.map { combo in (others.map { "\(short[$0]) = \(combo[$0]!)" }.joined(separator: ", "), combo) }
        }
        /// The cell where axis `i` takes `value` and the other axes the line's values.
        func estimate(_ column: SummaryTable.Column, axis i: Int, _ value: String, _ fixed: [Int: String]) -> Estimate? {
            inUnit(cells[axes.indices.map { $0 == i ? value : fixed[$0]! }]?[column.metric], column)
        }
        page.beginPanels()
        for column in SummaryTable.columns(l) {
            for (i, axis) in axes.enumerated() {
                let numeric = values[i].allSatisfy { Double($0) != nil }
                let shown = lines[i].prefix(palette.count)
                let series = shown.map { line in
                    LineChart.Series(name: line.label.isEmpty ? column.label : line.label, points: values[i].indices.map { v in
                        let e = estimate(column, axis: i, values[i][v], line.fixed)
                        return LineChart.Point(x: numeric ? Double(values[i][v])! : Double(v), y: e?.mean, low: e?.low, high: e?.high)
                    })
                }
                var chart = LineChart(title: l(.againstTitle, column.label, short[i]), xTitle: axis,
                                      yTitle: column.unit, series: series)
                chart.intervals = .whiskers
                chart.width = HTMLPage.panelWidth
                chart.height = 300
                if !numeric { chart.xTicks = values[i].indices.map { (Double($0), values[i][$0]) } }
                let more = lines[i].count > shown.count ? l(.firstCombinations, String(shown.count), String(lines[i].count)) : ""
                page.figure(svg: chart.svg(),
                            caption: l(.againstCaption, column.label, column.unit, axis, more),
                            header: [axis] + lines[i].map { $0.label.isEmpty ? l(.meanCI) : $0.label },
                            rows: values[i].map { v in
                                [v] + lines[i].map { Report.estimate(estimate(column, axis: i, v, $0.fixed)) }
                            })
            }
        }
        page.endPanels()
        return page
    }
}
