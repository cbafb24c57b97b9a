import CareModel
import Charts
import Foundation

extension Report {
    static func sweep(_ results: ResultsDirectory) throws -> HTMLPage {
        if let design = results.text("design"), design != "grid" { return try designSweep(results, design: design) }
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
        for column in SummaryTable.columns {
            for (i, axis) in axes.enumerated() {
                let numeric = values[i].allSatisfy { Double($0) != nil }
                let shown = lines[i].prefix(palette.count)
                let series = shown.map { line in
                    LineChart.Series(name: line.label.isEmpty ? column.label : line.label, points: values[i].indices.map { v in
                        let e = estimate(column, axis: i, values[i][v], line.fixed)
                        return LineChart.Point(x: numeric ? Double(values[i][v])! : Double(v), y: e?.mean, low: e?.low, high: e?.high)
                    })
                }
                var chart = LineChart(title: "\(column.label) against \(short[i])", xTitle: axis,
                                      yTitle: column.unit, series: series)
                chart.intervals = .whiskers
                chart.width = HTMLPage.panelWidth
                chart.height = 300
                if !numeric { chart.xTicks = values[i].indices.map { (Double($0), values[i][$0]) } }
                let more = lines[i].count > shown.count
                    ? " The first \(shown.count) of \(lines[i].count) combinations of the other axes are drawn; the table has them all." : ""
                page.figure(svg: chart.svg(),
                            caption: "\(column.label) (\(column.unit)) against \(axis), means with 95% intervals.\(more)",
                            header: [axis] + lines[i].map { $0.label.isEmpty ? "mean [95% CI]" : $0.label },
                            rows: values[i].map { v in
                                [v] + lines[i].map { Report.estimate(estimate(column, axis: i, v, $0.fixed)) }
                            })
            }
        }
        page.endPanels()
        return page
    }
}

extension Report {
    /// A sweep over a design (Latin hypercube, Sobol points or a points file): no grid to draw
    /// lines along, so each metric is a scatter of the cells' means (with their 95% intervals)
    /// against each parameter.
    static func designSweep(_ results: ResultsDirectory, design: String) throws -> HTMLPage {
        let plan = try results.table("plan.csv")
        let keys = Array(plan.header.dropFirst())
        let table = try results.table("sweep-summary.csv")
        let (cellColumn, t, m) = (try table.column("cell"), try table.column("territory"), try table.column("metric"))
        let (mean, low, high) = (try table.column("mean"), try table.column("ci_low"), try table.column("ci_high"))
        let names = table.rows.map { $0[t] }
        let territory = names.contains(TerritoryResult.totalName) ? TerritoryResult.totalName : names.first ?? ""
        var cells: [String: [String: Estimate]] = [:]
        for row in table.rows where row[t] == territory {
            cells[row[cellColumn], default: [:]][row[m]] = Estimate(mean: row[mean], low: row[low], high: row[high])
        }
        let described = ["latin_hypercube": "a Latin hypercube", "sobol": "a Sobol sequence (GSL)", "points": "a points file"][design] ?? design
        var page = HTMLPage(title: "dacsim sweep: \(results.scenario["base"]?[""]?["name"] ?? results.text("sweep_file") ?? "a sweep")")
        scenarioSection(&page, results, sides: [("base", "base scenario")])
        page.heading("The design")
        page.paragraph("\(plan.rows.count) cells, the points of \(described)"
                       + (results.text("points_file").map { " (\($0))" } ?? "") + ", \(results.text("replications") ?? "?") "
                       + "replications each, from the sweep file \(results.text("sweep_file") ?? "?"). Each cell is the base scenario "
                       + "with its point's values laid over it; plan.csv lists them.")
        let columnValues = keys.indices.map { i in plan.rows.map { $0[i + 1] } }
        page.table(["parameter (scenario key)", "lowest", "highest", "distinct values"], keys.indices.map { i in
            let numbers = columnValues[i].compactMap(Double.init)
            let numeric = numbers.count == columnValues[i].count
            return [keys[i], numeric ? number(numbers.min()) : "–", numeric ? number(numbers.max()) : "–", String(Set(columnValues[i]).count)]
        }, numericFrom: 1)
        page.section("Metrics against each parameter", id: "metrics")
        page.paragraph("Results of \(territory == TerritoryResult.totalName ? "all territories together" : territory): each dot is "
                       + "a cell's mean over replications, with its 95% confidence interval as whiskers; the other parameters vary "
                       + "from dot to dot. For which parameters matter most, see scripts/sensitivity (docs/sensitivity.md).")
        page.beginPanels()
        for column in SummaryTable.columns {
            for (i, key) in keys.enumerated() {
                let levels = columnValues[i].reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                let numeric = columnValues[i].allSatisfy { Double($0) != nil }
                let points = plan.rows.map { row -> LineChart.Point in
                    let e = inUnit(cells[row[0]]?[column.metric], column)
                    let x = numeric ? Double(row[i + 1])! : Double(levels.firstIndex(of: row[i + 1])!)
                    return LineChart.Point(x: x, y: e?.mean, low: e?.low, high: e?.high)
                }
                let short = String(key.split(separator: ".").last ?? Substring(key))
                var chart = LineChart(title: "\(column.label) against \(short)", xTitle: key, yTitle: column.unit,
                                      series: [LineChart.Series(name: column.label, points: points)])
                chart.joined = false
                chart.intervals = .whiskers
                chart.width = HTMLPage.panelWidth
                chart.height = 300
                if !numeric { chart.xTicks = levels.indices.map { (Double($0), levels[$0]) } }
                page.figure(svg: chart.svg(), caption: "\(column.label) (\(column.unit)) against \(key): one dot per cell, means "
                            + "with 95% intervals.",
                            header: ["cell", key, "mean [95% CI]"],
                            rows: plan.rows.map { [$0[0], $0[i + 1], Report.estimate(inUnit(cells[$0[0]]?[column.metric], column))] },
                            numericFrom: 1)
            }
        }
        page.endPanels()
        return page
    }
}
