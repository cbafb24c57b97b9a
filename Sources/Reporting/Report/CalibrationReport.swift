import Charts
import Foundation

extension Report {
    /// A calibration: its outcome, the waves, each target's fit (observed against simulated, with
    /// their 90% intervals) and each parameter's marginal (prior range against the calibrated
    /// median and 90% interval), as interval charts with their tables.
    static func calibration(_ results: ResultsDirectory, _ l: Labels) throws -> HTMLPage {
        var page = HTMLPage(title: l(.calibrationTitle, results.scenario["base"]?[""]?["name"] ?? results.text("calibration_file")
                                     ?? l(.aCalibration)), labels: l)
        scenarioSection(&page, results, sides: [("base", l(.baseScenario))])
        let status = results.text("status") ?? ""
        page.heading(l(.calibrationOutcome))
        page.paragraph(l(status == "calibrated" ? .calibratedText : status == "targets_cannot_be_met" ? .unreachableText : .noJointFitText,
                         results.text("accepted") ?? "0", results.text("waves") ?? "?", results.text("calibration_file") ?? "?"))
        let waves = try results.table("waves.csv")
        let (w, p, n, s) = (try waves.column("wave"), try waves.column("points"), try waves.column("non_implausible"), try waves.column("share"))
        page.table([l(.wave), l(.designPoints), l(.nonImplausible), l(.share)],
                   waves.rows.map { [$0[w], $0[p], $0[n], number(Double($0[s]))] })

        page.section(l(.targetFits), id: "fits")
        page.paragraph(l(.targetFitsText))
        let fits = try results.table("fits.csv")
        let columns = try ["target", "territory", "observed", "observed_low", "observed_high", "simulated_mean", "simulated_low",
                           "simulated_high", "status"].map { try fits.column($0) }
        let statusText: [String: Text] = ["fitted": .fitted, "cannot_be_met": .cannotBeMet, "not_met_together": .notMetTogether]
        page.beginPanels()
        for row in fits.rows {
            let value = { (i: Int) in Double(row[columns[i]]) }
            let title = row[columns[0]] + " (" + row[columns[1]] + ")"
            var chart = IntervalChart(title: title, valueTitle: row[columns[0]],
                                      rows: [.init(label: l(.observed), value: value(2), low: value(3), high: value(4)),
                                             .init(label: l(.simulated), value: value(5), low: value(6), high: value(7))],
                                      style: .dots, reference: value(2))
            chart.width = HTMLPage.panelWidth
            chart.noValue = l(.noValue)
            let verdict = statusText[row[columns[8]]].map { l($0) } ?? row[columns[8]]
            page.figure(svg: chart.svg(), caption: l(.fitCaption, title, verdict),
                        header: ["", l(.value), l(.interval90)],
                        rows: [[l(.observed), number(value(2)), "\(number(value(3))) – \(number(value(4)))"],
                               [l(.simulated), number(value(5)), "\(number(value(6))) – \(number(value(7)))"]])
        }
        page.endPanels()

        page.section(l(.marginals), id: "marginals")
        page.paragraph(l(.marginalsText))
        let marginals = try results.table("marginals.csv")
        let m = try ["parameter", "prior_from", "prior_to", "unit", "median", "p05", "p95", "range"].map { try marginals.column($0) }
        page.beginPanels()
        for row in marginals.rows {
            let value = { (i: Int) in Double(row[m[i]]) }
            let unit = row[m[3]]
            // The prior's median: the middle of a uniform range, the geometric middle of a log-uniform one.
            let prior = value(1).flatMap { a in value(2).map { b in row[m[7]] == "log_uniform" ? (a * b).squareRoot() : (a + b) / 2 } }
            var chart = IntervalChart(title: row[m[0]], valueTitle: unit.isEmpty ? row[m[0]] : "\(row[m[0]]) (\(unit))",
                                      rows: [.init(label: l(.prior), value: prior, low: value(1), high: value(2)),
                                             .init(label: l(.calibrated), value: value(4), low: value(5), high: value(6))],
                                      style: .dots)
            chart.width = HTMLPage.panelWidth
            chart.noValue = l(.noValue)
            page.figure(svg: chart.svg(), caption: l(.marginalCaption, row[m[0]]),
                        header: ["", l(.median), l(.interval90)],
                        rows: [[l(.prior), number(prior), "\(number(value(1))) – \(number(value(2)))"],
                               [l(.calibrated), number(value(4)), "\(number(value(5))) – \(number(value(6)))"]])
        }
        page.endPanels()
        return page
    }
}
