import CareModel
import Foundation
import Scenarios

/// What a results directory says of the scenario behind it, so that a report (or a reader in
/// pandas) can describe the run without the scenario file: `scenario.csv`, tidy, one fact a row
/// (`side,territory,item,value`). `side` is `run`, `A` or `B` for a comparison, `base` for a
/// sweep; rows with no territory are about the whole scenario.
public enum ScenarioDescription {
    public static let file = "scenario.csv"
    static let header = "side,territory,item,value"

    public static func csv(_ sides: [(side: String, scenario: Scenario)]) -> String {
        var lines = [header]
        for (side, scenario) in sides {
            for (territory, item, value) in rows(scenario) {
                lines.append([side, territory, item, value].map(ResultsWriter.quoted).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func rows(_ scenario: Scenario) -> [(String, String, String)] {
        let model = scenario.model, run = scenario.run
        func date(_ day: Double) -> String { "\(run.start.adding(days: Int(day.rounded(.down))))" }
        func number(_ x: Double) -> String { ResultsWriter.number(x) }
        var rows: [(String, String, String)] = [
            ("", "name", scenario.name),
            ("", "file", scenario.file),
            ("", "start", "\(run.start)"),
            ("", "horizon_years", number(run.horizon / 365.25)),
            ("", "warm_up_years", number(run.warmUp / 365.25)),
            ("", "results_from", "\(run.resultsStart)"),
            ("", "target_delay_days", number(model.targetDelay)),
            ("", "rupture_wait_days", number(model.ruptureWait)),
        ]
        rows += Role.allCases.map { ("", "cost_per_fte_eur_per_year_\($0.rawValue)", number(model.costPerFTEPerYear[$0] ?? 0)) }
        for territory in model.territories {
            let name = territory.name
            rows += [
                (name, "archetype", territory.archetype.rawValue),
                (name, "population", number(territory.totalPopulation.rounded())),
                (name, "population_75_plus", number((territory.population[.from75] ?? 0).rounded())),
                (name, "gp_per_100k", number(territory.gpPer100k)),
                (name, "readability", number(territory.readability)),
                (name, "devices", territory.devices.map { device in
                    let kind = device.kind == .network ? "network" : device.kind.rawValue.uppercased()
                    return device.name.caseInsensitiveCompare(kind) == .orderedSame ? device.name : "\(device.name) (\(kind))"
                }.joined(separator: "; ")),
            ]
            rows += Role.allCases.map { role in (name, "fte_\(role.rawValue)", number(territory.devices.reduce(0) { $0 + $1.initialFTE(role) })) }
            rows.append((name, "support_programme", territory.supportProgramme.rawValue))
            if let convergence = territory.convergence {
                rows.append((name, "convergence_date", date(convergence.day)))
                rows += Role.allCases.map { (name, "dac_fte_\($0.rawValue)", number(convergence.dac.initialFTE($0))) }
                rows.append((name, "readability_after_convergence", number(convergence.readabilityAfter)))
            } else {
                rows.append((name, "convergence_date", "none"))
            }
            rows += Role.allCases.map { (name, "ideal_fte_per_100k_\($0.rawValue)", number(territory.idealFTEPer100k[$0] ?? 0)) }
            let changes = (territory.devices + [territory.convergence?.dac].compactMap { $0 }).flatMap { device in
                device.staffChanges.map { "\(date($0.day)) \(device.name) \($0.role.rawValue) \(number($0.fte)) FTE" }
            }
            if !changes.isEmpty { rows.append((name, "staffing_changes", changes.joined(separator: "; "))) }
        }
        return rows
    }
}
