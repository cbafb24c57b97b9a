import Charts
import Foundation

extension Report {
    static func optimisation(_ results: ResultsDirectory, _ l: Labels) throws -> HTMLPage {
        let table = try results.table(OptimisationOutput.candidatesFile)
        let variables = (results.manifest["variables"] as? [[String: Any]]) ?? []
        let constraints = (results.manifest["constraints"] as? [[String: Any]]) ?? []
        let keys = variables.map { $0["key"] as? String ?? "" }
        let labels = variables.map { $0["label"] as? String ?? "" }
        let keyColumns = try keys.map { try table.column($0) }
        let (status, replications, objective) = (try table.column("status"), try table.column("replications"),
                                                 try table.column("objective_mean"))
        let (objectiveLow, objectiveHigh) = (try table.column("objective_ci_low"), try table.column("objective_ci_high"))
        let (frontier, recommended) = (try table.column("frontier"), try table.column("recommended"))
        let probability = try constraints.indices.map { i in
            (try table.column("constraint_\(i + 1)_probability"), try table.column("constraint_\(i + 1)_ci_low"),
             try table.column("constraint_\(i + 1)_ci_high"))
        }
        let objectiveName = results.text("objective") ?? "objective"
        let simulated = table.rows.filter { (Int($0[replications]) ?? 0) > 0 }
        let best = table.rows.first { $0[recommended] == "yes" }
        let decision = { (row: [String]) in zip(labels, keyColumns).map { "\($0) = \(row[$1])" }.joined(separator: ", ") }

        var page = HTMLPage(title: l(.optimisationTitle, results.scenario["base"]?[""]?["name"] ?? results.text("optimisation_file")
                                     ?? l(.anOptimisation)), labels: l)
        scenarioSection(&page, results, sides: [("base", l(.baseScenario))])
        page.heading(l(.theProblem))
        page.paragraph(l(.problemText, String(table.rows.count), results.text("optimisation_file") ?? "?", String(simulated.count),
                         objectiveName))
        page.table([l(.label), l(.axisKey), l(.values), l(.monotone)], variables.indices.map { v in
            let values = table.rows.map { $0[keyColumns[v]] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return [labels[v], keys[v], values.joined(separator: ", "), (variables[v]["monotone"] as? Bool ?? true) ? l(.yes) : l(.no)]
        }, numericFrom: 4, caption: l(.decisionVariables))
        let required = constraints.map { ($0["probability"] as? NSNumber)?.doubleValue ?? .nan }
        let names = constraints.map { $0["name"] as? String ?? "" }
        page.table([l(.constraintName), l(.metric), l(.target), l(.year), l(.requiredProbability)], constraints.enumerated().map { i, c in
            let direction = c["at_least"] != nil ? "at_least" : "at_most"
            let threshold = (c[direction] as? NSNumber)?.doubleValue
            let year = (c["year"] as? NSNumber)?.stringValue ?? l(.wholePeriod)
            return [names[i], c["metric"] as? String ?? "", "\(direction == "at_least" ? ">=" : "<=") \(number(threshold))", year,
                    number(required[i])]
        }, numericFrom: 4, caption: l(.constraints))

        page.section(l(.recommendation), id: "recommendation")
        if let best {
            page.paragraph(l(.recommendationText, decision(best), objectiveName, number(Double(best[objective])), best[replications],
                             "[\(number(Double(best[objectiveLow]))), \(number(Double(best[objectiveHigh])))]"))
            page.table([l(.constraintName), l(.probability), l(.interval95), l(.requiredProbability)], constraints.indices.map { i in
                [names[i], number(Double(best[probability[i].0])),
                 "[\(number(Double(best[probability[i].1]))), \(number(Double(best[probability[i].2])))]", number(required[i])]
            }, numericFrom: 1)
        } else {
            page.paragraph(l(.noRecommendation))
        }

        page.section(l(.frontierSection), id: "frontier")
        page.paragraph(l(.frontierText))
        for i in constraints.indices {
            let point = { (row: [String]) in
                LineChart.Point(x: Double(row[objective]) ?? .nan, y: Double(row[probability[i].0]),
                                low: Double(row[probability[i].1]), high: Double(row[probability[i].2]))
            }
            var onFrontier = LineChart.Series(name: l(.frontierSeries), points: simulated.filter { $0[frontier] == "yes" }.map(point))
            onFrontier.joined = true
            let others = LineChart.Series(name: l(.otherCandidates), points: simulated.filter { $0[frontier] != "yes" }.map(point))
            var chart = LineChart(title: l(.frontierTitle, names[i]), xTitle: objectiveName, yTitle: l(.probability),
                                  series: [onFrontier, others])
            chart.joined = false
            chart.intervals = .whiskers
            chart.reference = required[i]
            if let best, let x = Double(best[objective]) { chart.markers = [LineChart.Marker(x: x, label: l(.recommendedMarker))] }
            page.figure(svg: chart.svg(), caption: l(.frontierCaption, objectiveName, number(required[i])),
                        header: [l(.candidate)] + labels + [objectiveName, l(.probability), l(.interval95), l(.onFrontier)],
                        rows: simulated.map { row in
                            [row[0]] + keyColumns.map { row[$0] } + [number(Double(row[objective])), number(Double(row[probability[i].0])),
                             "[\(number(Double(row[probability[i].1]))), \(number(Double(row[probability[i].2])))]",
                             row[frontier] == "yes" ? l(.yes) : l(.no)]
                        }, numericFrom: 1 + labels.count)
        }

        page.section(l(.everyCandidate), id: "candidates")
        page.paragraph(l(.everyCandidateText))
        let statusText: [String: Text] = ["feasible": .statusFeasible, "infeasible": .statusInfeasible, "undecided": .statusUndecided,
                                          "infeasible_by_monotonicity": .statusInfeasibleByMonotonicity,
                                          "costlier_by_monotonicity": .statusCostlierByMonotonicity]
        page.table([l(.candidate)] + labels + [l(.status), l(.replications), l(.objectiveMean)]
                   + names.map { l(.estimatedProbability, $0) } + [l(.recommendedMarker)],
                   table.rows.map { row in
                       [row[0]] + keyColumns.map { row[$0] } + [statusText[row[status]].map { l($0) } ?? row[status], row[replications],
                                                                number(Double(row[objective]))]
                           + probability.map { p in
                               row[p.0].isEmpty ? "–" : "\(number(Double(row[p.0]))) [\(number(Double(row[p.1]))), \(number(Double(row[p.2])))]"
                           } + [row[recommended] == "yes" ? l(.yes) : ""]
                   }, numericFrom: 1 + labels.count + 1)
        return page
    }
}
