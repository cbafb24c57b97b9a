import Engine

/// The model's outputs as named numbers, in a fixed order: what the summary table, the CSV files
/// and the comparisons read.
public struct MetricValues: Sendable {
    public var names: [String] = []
    public var values: [Double] = []
    mutating func add(_ name: String, _ value: Double) {
        names.append(name)
        values.append(value)
    }
}

extension TerritoryResult {
    /// The name of the total of a scenario's territories in results (reserved: no territory may take it).
    public static let totalName = "all territories"

    /// Combines territories: counts add up, waits and their quantiles are pooled.
    public static func total(of territories: [TerritoryResult], name: String = totalName) -> TerritoryResult {
        var o = Observations()
        var waitList: [Role: Double] = [:], paid: [Role: Double] = [:]
        var occupied: [Role: Double] = [:], capacity: [Role: Double] = [:], people: [Role: Double] = [:]
        for t in territories {
            o.merge(t.observations)
            for role in Role.allCases {
                waitList[role, default: 0] += t.waitListLength[role] ?? 0
                paid[role, default: 0] += t.paidFTE[role] ?? 0
                occupied[role, default: 0] += t.occupied[role] ?? 0
                capacity[role, default: 0] += t.capacity[role] ?? 0
                people[role, default: 0] += t.people[role] ?? 0
            }
        }
        var result = TerritoryResult(name: name, population: territories.reduce(0) { $0 + $1.population }, observations: o,
                               months: [], waitListLength: waitList, occupied: occupied, capacity: capacity, paidFTE: paid,
                               staffCost: territories.reduce(0) { $0 + $1.staffCost },
                               aboveCapacity: Dictionary(uniqueKeysWithValues: Role.allCases.map { role in
                                   (role, territories.reduce(0) { $0 + ($1.aboveCapacity[role] ?? 0) }) }),
                               programmeCost: territories.reduce(0) { $0 + $1.programmeCost }, people: people)
        result.population75 = territories.reduce(0) { $0 + $1.population75 }
        result.inModel = [0, 1].map { i in territories.reduce(0) { $0 + $1.inModel[i] } }
        result.outreachFTE = territories.reduce(0) { $0 + $1.outreachFTE }
        return result
    }

    /// The whole observed period from its calendar years: counts add up, waits and their quantiles
    /// are pooled, time averages are weighted by the days each year was observed.
    public static func combining(_ years: [YearResult], name: String, population: Double) -> TerritoryResult {
        if years.count == 1 {  // exactly the year's values (no weighting to round them)
            var result = years[0].result
            result.name = name
            result.years = years
            return result
        }
        var o = Observations()
        var averages: [[Role: Double]] = Array(repeating: [:], count: 6)
        let days = years.reduce(0) { $0 + $1.days }
        for year in years {
            let r = year.result
            o.merge(r.observations)
            for (i, values) in [r.waitListLength, r.occupied, r.capacity, r.paidFTE, r.aboveCapacity, r.people].enumerated() {
                for role in Role.allCases { averages[i][role, default: 0] += (values[role] ?? 0) * year.days / max(days, 1e-9) }
            }
        }
        var result = TerritoryResult(name: name, population: population, observations: o, months: [],
                                     waitListLength: averages[0], occupied: averages[1], capacity: averages[2],
                                     paidFTE: averages[3], staffCost: years.reduce(0) { $0 + $1.result.staffCost },
                                     aboveCapacity: averages[4], programmeCost: years.reduce(0) { $0 + $1.result.programmeCost },
                                     people: averages[5])
        result.years = years
        result.population75 = years.first?.result.population75 ?? 0
        result.inModel = [0, 1].map { i in years.reduce(0) { $0 + $1.result.inModel[i] * $1.days / max(days, 1e-9) } }
        result.outreachFTE = years.reduce(0) { $0 + $1.result.outreachFTE * $1.days / max(days, 1e-9) }
        return result
    }

    /// The names of the metrics `metrics(observedYears:)` gives, in its order.
    public static let metricNames: [String] = TerritoryResult(
        name: "", population: 0, observations: Observations(), months: [], waitListLength: [:], occupied: [:], capacity: [:],
        paidFTE: [:], staffCost: 0).metrics(observedYears: 1).names

    /// Every metric of this territory, per year of observation where it is a count.
    public func metrics(observedYears years: Double) -> MetricValues {
        var m = MetricValues()
        let o = observations
        let perYear = 1 / max(years, 1e-9)
        let requests = o.requests.values.reduce(0, +)
        m.add("population", population)
        m.add("requests_per_year", Double(requests) * perYear)
        for source in ReferralSource.allCases { m.add("requests_\(source.rawValue)_per_year", Double(o.requests[source] ?? 0) * perYear) }
        for pathway in Pathway.allCases {
            m.add("requests_\(pathway.rawValue)_per_year", Double(o.requestsByPathway[pathway] ?? 0) * perYear)
        }
        m.add("outreach_fte_per_100k", outreachFTE / max(population, 1) * 100_000)
        m.add("misdirected_per_year", Double(o.misdirected) * perYear)
        m.add("reoriented_per_year", Double(o.reoriented) * perYear)
        m.add("discharge_referrals_per_year", Double(o.dischargeReferrals) * perYear)
        m.add("found_by_case_finding_per_year", Double(o.foundByCaseFinding) * perYear)
        m.add("re_referrals_per_year", Double(o.reReferrals) * perYear)
        // Means and quantiles of nothing are not a number (written as empty cells), not zero.
        m.add("first_response_mean_days", o.firstResponse.count > 0 ? o.firstResponse.mean : .nan)
        for (role, label) in [(Role.coordination, "coordination"), (.caseManagement, "case_management")] {
            // Every wait, admitted or cut short: Kaplan-Meier mean (restricted to the longest wait)
            // and quantiles, and the share that ended within the target delay.
            let all = o.allWaits[role]!
            let km = all.kaplanMeier()
            m.add("\(label)_waits_per_year", Double(all.count) * perYear)
            m.add("\(label)_waits_censored_share", all.count > 0 ? Double(all.censored.count) / Double(all.count) : .nan)
            m.add("\(label)_wait_mean_days", km.restrictedMean ?? .nan)
            for q in [50, 90, 95] { m.add("\(label)_wait_p\(q)_days", km.quantile(Double(q) / 100) ?? .nan) }
            m.add("\(label)_within_target_share", all.count > 0 ? Double(o.allWithinTarget[role] ?? 0) / Double(all.count) : .nan)
            // The waits of people admitted only.
            let waits = o.waits[role]!
            m.add("\(label)_admissions_per_year", Double(waits.count) * perYear)
            m.add("\(label)_admitted_wait_mean_days", waits.count > 0 ? waits.mean : .nan)
            for q in [50, 90, 95] {
                m.add("\(label)_admitted_wait_p\(q)_days", o.waitQuantiles[role]!.quantile(Double(q) / 100) ?? .nan)
            }
            m.add("\(label)_admitted_within_target_share",
                  waits.count > 0 ? Double(o.withinTarget[role] ?? 0) / Double(waits.count) : .nan)
            m.add("\(label)_wait_list_mean", waitListLength[role] ?? 0)
            m.add("\(label)_occupancy", occupancy(role))
            m.add("\(label)_above_capacity_mean", aboveCapacity[role] ?? 0)
            m.add("\(label)_fte", paidFTE[role] ?? 0)
            // The caseload per FTE as an outcome, comparable to observed caseloads per case manager.
            m.add("\(label)_active_per_fte", (paidFTE[role] ?? 0) > 0 ? (people[role] ?? 0) / paidFTE[role]! : .nan)
        }
        // Within the target delay by who asked, over both caseloads: triage must not starve a source.
        for source in ReferralSource.allCases {
            let w = o.waitsBySource[source.index]
            m.add("within_target_share_\(source.rawValue)", w[0] > 0 ? Double(w[1]) / Double(w[0]) : .nan)
        }
        m.add("front_desk_fte", paidFTE[.frontDesk] ?? 0)
        m.add("escalations_per_year", Double(o.escalations) * perYear)
        m.add("deescalations_per_year", Double(o.deescalations) * perYear)
        for exit in Outcome.allCases { m.add("\(exit.rawValue)_per_year", Double(o.outcomes[exit] ?? 0) * perYear) }
        m.add("support_completed_per_year", Double(o.supportsCompleted) * perYear)
        m.add("deaths_under_support_per_year", Double(o.deathsUnderSupport) * perYear)
        m.add("recurrences_per_year", Double(o.recurrences) * perYear)
        m.add("time_between_episodes_mean_days", o.timeBetweenEpisodes.count > 0 ? o.timeBetweenEpisodes.mean : .nan)
        let unmet = o.unmet.values.reduce(0, +)
        for reason in UnmetReason.allCases { m.add("unmet_\(reason.rawValue)_per_year", Double(o.unmet[reason] ?? 0) * perYear) }
        m.add("unmet_needs_per_year", Double(unmet) * perYear)
        m.add("unmet_needs_per_100k_per_year", Double(unmet) * perYear / max(population, 1) * 100_000)
        // Needs nobody asked a device about: an estimate resting on assumed incidence, apart.
        m.add("not_referred_per_year", Double(o.notReferred) * perYear)
        m.add("not_referred_per_100k_per_year", Double(o.notReferred) * perYear / max(population, 1) * 100_000)
        m.add("not_referred_75plus_per_1000_75plus_per_year", Double(o.notReferredFrom75) * perYear / max(population75, 1) * 1000)
        m.add("ruptures_per_year", Double(o.ruptures.values.reduce(0, +)) * perYear)
        for kind in RuptureKind.allCases { m.add("ruptures_\(kind.rawValue)_per_year", Double(o.ruptures[kind] ?? 0) * perYear) }
        m.add("hospitalisations_per_year", Double(o.hospitalisations) * perYear)
        m.add("avoidable_hospitalisations_per_year", Double(o.avoidableHospitalisations) * perYear)
        // Population rates of the complex-needs population, beside the published ones (docs/sources.md).
        let perThousand = perYear / max(population, 1) * 1000, perThousand75 = perYear / max(population75, 1) * 1000
        m.add("hospitalisations_per_1000_per_year", Double(o.hospitalisations) * perThousand)
        m.add("avoidable_hospitalisations_per_1000_per_year", Double(o.avoidableHospitalisations) * perThousand)
        m.add("hospitalisations_75plus_per_1000_75plus_per_year", Double(o.hospitalisationsByBand[.from75] ?? 0) * perThousand75)
        m.add("avoidable_hospitalisations_75plus_per_1000_75plus_per_year",
              Double(o.avoidableHospitalisationsByBand[.from75] ?? 0) * perThousand75)
        for band in AgeBand.allCases {
            m.add("avoidable_hospitalisations_\(band.rawValue)_per_year", Double(o.avoidableHospitalisationsByBand[band] ?? 0) * perYear)
        }
        m.add("nursing_home_75plus_per_1000_75plus_per_year", Double(o.outcomesFrom75[.nursingHome] ?? 0) * perThousand75)
        m.add("death_75plus_per_1000_75plus_per_year", Double(o.outcomesFrom75[.death] ?? 0) * perThousand75)
        // The complex-needs population, and its level 3 (the Kaiser pyramid's 1-5% of chronic patients).
        m.add("complex_needs_people_per_100k", inModel[0] / max(population, 1) * 100_000)
        m.add("level_3_people_per_100k", inModel[1] / max(population, 1) * 100_000)
        m.add("rehospitalised_within_year_share",
              o.hospitalisations > 0 ? Double(o.rehospitalisationsWithinYear) / Double(o.hospitalisations) : .nan)
        m.add("persons_supported_per_year", Double(o.personsSupported) * perYear)
        m.add("staff_cost_eur_per_year", staffCost * perYear)
        m.add("support_programme_cost_eur_per_year", programmeCost * perYear)
        m.add("total_cost_eur_per_year", (staffCost + programmeCost) * perYear)
        m.add("cost_per_person_supported_eur", o.personsSupported > 0 ? (staffCost + programmeCost) / Double(o.personsSupported) : 0)
        return m
    }
}

/// Equity across territories: the ratio of the largest to the smallest value, and the Gini index.
public enum Equity {
    /// Territories without a value (no admission, say) are left out; nil-like NaN when none is left.
    public static func maxMinRatio(_ values: [Double]) -> Double {
        let values = values.filter(\.isFinite)
        guard let lo = values.min(), let hi = values.max() else { return .nan }
        return lo > 0 ? hi / lo : .nan
    }

    public static func gini(_ values: [Double]) -> Double {
        let values = values.filter(\.isFinite)
        let total = values.reduce(0, +)
        guard values.count > 1, total > 0 else { return 0 }
        let sorted = values.sorted()
        let n = Double(values.count)
        let weighted = sorted.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element }
        return 2 * weighted / (n * total) - (n + 1) / n
    }
}
