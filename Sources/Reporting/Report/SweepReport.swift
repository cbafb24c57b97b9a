import CareModel
import Charts
import Foundation
import Scenarios

extension Report {
    static func sweep(_ results: ResultsDirectory, _ l: Labels) throws -> HTMLPage {
        if let design = results.text("design"), design != "grid" { return try designSweep(results, design: design, l) }
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
        // Short axis names for tables and charts: the sweep file's labels (in the manifest), or the
        // last parts of the keys that tell the axes apart.
        let written = results.manifest["axis_labels"] as? [String]
        let short = written?.count == axes.count ? written! : SweepFile.shortLabels(axes)
        page.table([l(.label), l(.axisKey), l(.values)], axes.indices.map { [short[$0], axes[$0], values[$0].joined(separator: ", ")] },
                   numericFrom: 3)
        let targets = ((results.manifest["targets"] as? [[String: Any]]) ?? []).compactMap { item -> SweepFile.Target? in
            guard let metric = item["metric"] as? String else { return nil }
            if let x = (item["at_least"] as? NSNumber)?.doubleValue { return SweepFile.Target(metric: metric, direction: .atLeast, threshold: x) }
            if let x = (item["at_most"] as? NSNumber)?.doubleValue { return SweepFile.Target(metric: metric, direction: .atMost, threshold: x) }
            return nil
        }
        if !targets.isEmpty {
            page.paragraph(l(.targetsOfSweepText))
            page.table([l(.metric), l(.target)], targets.map { [$0.metric, "\($0.direction.symbol) \(ResultsWriter.number($0.threshold))"] },
                       numericFrom: 2)
        }

        page.section(l(.metricsAgainstAxes), id: "metrics")
        if axes.count == 2 {
            page.paragraph(l(.heatMapsText, territory == TerritoryResult.totalName ? l(.allTerritoriesTogether) : territory))
            heatMaps(&page, axes: axes, short: short, values: values, cells: cells, targets: targets, territory: territory)
            return page
        }
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
            for i in axes.indices {
                let numeric = values[i].allSatisfy { Double($0) != nil }
                let shown = lines[i].prefix(palette.count)
                let series = shown.map { line in
                    LineChart.Series(name: line.label.isEmpty ? column.label : line.label, points: values[i].indices.map { v in
                        let e = estimate(column, axis: i, values[i][v], line.fixed)
                        return LineChart.Point(x: numeric ? Double(values[i][v])! : Double(v), y: e?.mean, low: e?.low, high: e?.high)
                    })
                }
                var chart = LineChart(title: l(.againstTitle, column.label, short[i]), xTitle: short[i],
                                      yTitle: column.unit, series: series)
                chart.intervals = .whiskers
                chart.width = HTMLPage.panelWidth
                chart.height = 300
                if !numeric { chart.xTicks = values[i].indices.map { (Double($0), values[i][$0]) } }
                let more = lines[i].count > shown.count ? l(.firstCombinations, String(shown.count), String(lines[i].count)) : ""
                // A chart drawing only some of the combinations shows the table of them all, unfolded.
                page.figure(svg: chart.svg(),
                            caption: l(.againstCaption, column.label, column.unit, short[i], more),
                            header: [short[i]] + lines[i].map { $0.label.isEmpty ? l(.meanCI) : $0.label },
                            rows: values[i].map { v in
                                [v] + lines[i].map { Report.estimate(estimate(column, axis: i, v, $0.fixed)) }
                            }, open: !more.isEmpty)
            }
        }
        page.endPanels()
        return page
    }

    /// A sweep over two axes: one heat map per metric (columns the first axis' values, rows the
    /// second's), the target's contour drawn where the sweep file gives one, and the table of every
    /// cell beside it.
    static func heatMaps(_ page: inout HTMLPage, axes: [String], short: [String], values: [[String]],
                         cells: [[String]: [String: Estimate]], targets: [SweepFile.Target], territory: String) {
        let l = page.l
        for column in SummaryTable.columns(l) {
            let estimates = values[1].map { y in values[0].map { x in inUnit(cells[[x, y]]?[column.metric], column) } }
            var chart = HeatMap(title: l(.heatMapTitle, column.label, short[0], short[1]), xTitle: short[0], yTitle: short[1],
                                columns: values[0], rows: values[1], values: estimates.map { $0.map { $0?.mean } })
            chart.noValue = l(.noValue)
            let target = targets.first { $0.metric == column.metric }
            var note = ""
            if let target {
                let written = "\(target.direction.symbol) \(ResultsWriter.number(target.threshold * column.scale))"
                // Means in the column's unit, the threshold in the metric's: compared in the metric's.
                chart.meets = values[1].map { y in values[0].map { x in target.isMet(by: cells[[x, y]]?[column.metric]?.mean ?? .nan) } }
                chart.targetLegend = l(.meetsTarget, "\(column.label) \(written)")
                note = l(.heatMapTarget, written)
            }
            page.figure(svg: chart.svg(), caption: l(.heatMapCaption, column.label, column.unit, short[0], short[1], note),
                        header: [l(.heatMapTable, short[1], short[0])] + values[0],
                        rows: values[1].indices.reversed().map { r in
                            [values[1][r]] + values[0].indices.map { c in
                                (chart.meets?[r][c] == true ? "✓ " : "") + estimate(estimates[r][c])
                            }
                        }, open: true)
        }
    }
}

extension Report {
    /// A sweep over a design (Latin hypercube, Sobol points or a points file): no grid to draw
    /// lines along, so each metric is a scatter of the cells' means (with their 95% intervals)
    /// against each parameter.
    static func designSweep(_ results: ResultsDirectory, design: String, _ l: Labels) throws -> HTMLPage {
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
        let described = ["latin_hypercube": l(.designLatinHypercube), "sobol": l(.designSobol), "points": l(.designPointsFile)][design] ?? design
        let name = results.scenario["base"]?[""]?["name"] ?? results.text("sweep_file") ?? l(.aSweep)
        var page = HTMLPage(title: design == "uncertainty" ? l(.uncertaintyTitle, name) : l(.sweepTitle, name), labels: l)
        scenarioSection(&page, results, sides: [("base", l(.baseScenario))])
        let columnValues = keys.indices.map { i in plan.rows.map { $0[i + 1] } }
        // Which parameters each metric is drawn against: every one in a design; in an uncertainty
        // analysis, with dozens of them, its two main drivers.
        var drawnAgainst: (String) -> [Int] = { _ in Array(keys.indices) }
        if design == "uncertainty" {
            let drivers = try uncertaintySection(&page, results, territory: territory, l)
            drawnAgainst = { metric in (drivers[metric] ?? []).prefix(2).compactMap { keys.firstIndex(of: $0) } }
        } else {
            page.heading(l(.theDesign))
            page.paragraph(l(.designText, String(plan.rows.count), described, results.text("points_file").map { " (\($0))" } ?? "",
                             results.text("replications") ?? "?", results.text("sweep_file") ?? "?"))
            page.table([l(.parameterKey), l(.lowest), l(.highest), l(.distinctValues)], keys.indices.map { i in
                let numbers = columnValues[i].compactMap(Double.init)
                let numeric = numbers.count == columnValues[i].count
                return [keys[i], numeric ? number(numbers.min()) : "–", numeric ? number(numbers.max()) : "–", String(Set(columnValues[i]).count)]
            }, numericFrom: 1)
        }
        page.section(l(.metricsAgainstParameters), id: "metrics")
        page.paragraph(l(design == "uncertainty" ? .uncertaintyDotsText : .metricsAgainstText,
                         territory == TerritoryResult.totalName ? l(.allTerritoriesTogether) : territory))
        page.beginPanels()
        for column in SummaryTable.columns(l) {
            for i in drawnAgainst(column.metric) {
                let key = keys[i]
                let levels = columnValues[i].reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                // Values with a unit (durations) are drawn by their number.
                let numbers = columnValues[i].map { Double($0.split(separator: " ").first ?? "") }
                let numeric = numbers.allSatisfy { $0 != nil }
                let points = plan.rows.indices.map { r -> LineChart.Point in
                    let row = plan.rows[r]
                    let e = inUnit(cells[row[0]]?[column.metric], column)
                    let x = numeric ? numbers[r]! : Double(levels.firstIndex(of: row[i + 1])!)
                    return LineChart.Point(x: x, y: e?.mean, low: e?.low, high: e?.high)
                }
                let short = String(key.split(separator: ".").last ?? Substring(key))
                var chart = LineChart(title: l(.against, column.label, short), xTitle: key, yTitle: column.unit,
                                      series: [LineChart.Series(name: column.label, points: points)])
                chart.joined = false
                chart.intervals = .whiskers
                chart.width = HTMLPage.panelWidth
                chart.height = 300
                if !numeric { chart.xTicks = levels.indices.map { (Double($0), levels[$0]) } }
                page.figure(svg: chart.svg(), caption: l(.dotsCaption, column.label, column.unit, key),
                            header: [l(.cell), key, l(.meanCI)],
                            rows: plan.rows.map { [$0[0], $0[i + 1], Report.estimate(inUnit(cells[$0[0]]?[column.metric], column))] },
                            numericFrom: 1)
            }
        }
        page.endPanels()
        return page
    }
}

extension Report {
    /// An uncertainty analysis: each main metric's mean, its 90% interval over the parameter sets,
    /// the parameters' share of its variance and its drivers, then the uncertain values and their
    /// ranges. Returns each metric's drivers, strongest first.
    static func uncertaintySection(_ page: inout HTMLPage, _ results: ResultsDirectory, territory: String,
                                   _ l: Labels, paired: Bool = false) throws -> [String: [String]] {
        let table = try results.table("uncertainty.csv")
        let (t, m) = (try table.column("territory"), try table.column("metric"))
        let (mean, low, high, share) = (try table.column("mean"), try table.column("p05"), try table.column("p95"),
                                        try table.column("parameter_share"))
        let driversTable = try results.table("drivers.csv")
        let (dt, dm, dp) = (try driversTable.column("territory"), try driversTable.column("metric"), try driversTable.column("parameter"))
        var drivers: [String: [String]] = [:]
        for row in driversTable.rows where row[dt] == territory { drivers[row[dm], default: []].append(row[dp]) }
        let parameters = try results.table("parameters.csv")
        page.section(l(.uncertaintySection), id: "uncertainty")
        page.paragraph(l(paired ? .uncertaintyComparisonText : .uncertaintyText, results.text("cells") ?? "?", String(parameters.rows.count),
                         results.text("replications") ?? "?",
                         territory == TerritoryResult.totalName ? l(.allTerritoriesTogether) : territory))
        let drivenBy = try table.column("drivers")
        let above = paired ? try table.column("above_zero_share") : nil
        let percent = { (text: String) in Double(text).map { String(format: "%.0f%%", 100 * $0) } ?? "–" }
        func line(_ label: String, _ column: SummaryTable.Column, _ row: [String]) -> [String] {
            let value = { (text: String) in Double(text).map { column.format($0) } ?? "–" }
            return [label, column.basis.label(l), value(row[mean]), l(.uncertaintyFromTo, value(row[low]), value(row[high]))]
                + (above.map { [percent(row[$0])] } ?? []) + [percent(row[share]), row[drivenBy]]
        }
        page.table([l(.metric), l(.basis), l(paired ? .uncertaintyMeanDifference : .uncertaintyMean), l(.uncertaintyInterval)]
                   + (paired ? [l(.uncertaintyAboveZero)] : []) + [l(.uncertaintyShare), l(.uncertaintyDrivers)],
                   SummaryTable.columns(l).compactMap { column in
            table.rows.first { $0[t] == territory && $0[m] == column.metric }.map { line(column.header, column, $0) }
        } + table.rows.compactMap { row in
            // The scenario's goals, each metric in its year (METRIC_in_YEAR).
            guard row[t] == territory, let split = row[m].range(of: #"_in_[0-9]{4}$"#, options: .regularExpression),
                  let column = SummaryTable.columns(l).first(where: { $0.metric == String(row[m][..<split.lowerBound]) }) else { return nil }
            return line(l(.metricInYear, column.header, String(row[m].suffix(4))), column, row)
        }, numericFrom: 2)
        page.paragraph(l(.basisLegend))
        page.heading(l(.uncertaintyValues))
        let (key, range, why, from, places) = (try parameters.column("parameter"), try parameters.column("range"), try parameters.column("why"),
                                               try parameters.column("from"), try parameters.column("places"))
        page.table([l(.parameterKey), l(.uncertaintyRange), l(.uncertaintyWhy), l(.uncertaintyFrom), l(.uncertaintyPlaces)],
                   parameters.rows.map { [$0[key], $0[range], $0[why], $0[from], $0[places]] }, numericFrom: 4)
        return drivers
    }
}

extension Report {
    /// A comparison under uncertainty: both scenarios, then each main metric's difference B - A over
    /// the parameter sets (each side's sets are sweeps in a/ and b/, with reports of their own).
    static func uncertaintyComparison(_ results: ResultsDirectory, _ l: Labels) throws -> HTMLPage {
        let nameA = results.scenario["A"]?[""]?["name"] ?? "A", nameB = results.scenario["B"]?[""]?["name"] ?? "B"
        var page = HTMLPage(title: l(.uncertaintyComparisonTitle, nameA, nameB), labels: l)
        scenarioSection(&page, results, sides: [("A", "A: \(nameA)"), ("B", "B: \(nameB)")])
        let names = try results.table("uncertainty.csv").rows.map { $0[0] }
        let territory = names.contains(TerritoryResult.totalName) ? TerritoryResult.totalName : names.first ?? ""
        _ = try uncertaintySection(&page, results, territory: territory, l, paired: true)
        return page
    }
}
