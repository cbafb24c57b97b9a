import CareModel
import Experiments
import Foundation
import Reporting
import Scenarios
import Testing

/// Results by calendar year, and the planner's targets as probabilities across replications.
@Suite struct YearlyTests {
    /// A territory whose population does not grow: the bound demand is thinned against then does
    /// not depend on the horizon, so runs of different horizons draw the same persons.
    func stationary(horizon: String, warmUp: String, goals: String = "") -> String {
        territoryScenario(archetype: "medico-social", horizon: horizon, warmUp: warmUp, extra: """
            growth_per_year: {under_60: 0, from_60_to_74: 0, from_75: 0}
            convergence: {date: 2027-07-01}
            """).replacingOccurrences(of: "name: test", with: """
            name: test
            targets: {target_delay: 15 days\(goals)}
            """)
    }

    func metrics(_ result: TerritoryResult, days: Double) -> [String: Double] {
        let m = result.metrics(observedYears: days / 365.25)
        return Dictionary(uniqueKeysWithValues: zip(m.names, m.values))
    }

    /// What the end of a run adds: waits still running then count among all who waited (cut short
    /// by the horizon), and those already too long are ruptures; the end of a year inside a run
    /// counts them when they end. Unmet needs are counted when the target passes, so never here.
    static let countedAtTheEnd: Set<String> = {
        var names: Set<String> = ["ruptures_per_year", "ruptures_long_wait_per_year"]
        for role in ["coordination", "case_management"] {
            for metric in ["waits_per_year", "waits_censored_share", "wait_mean_days", "wait_p50_days", "wait_p90_days",
                           "wait_p95_days", "within_target_share"] { names.insert("\(role)_\(metric)") }
        }
        for source in ReferralSource.allCases { names.insert("within_target_share_\(source.rawValue)") }
        return names
    }()

    /// 2028 in a run of 2026 to 2029 is what a run observing 2028 alone gives (warm-up to
    /// 2028-01-01, end 2028-12-31), metric by metric, to the last bit.
    @Test(arguments: [0, 1])
    func aYearIsARunRestrictedToThatYear(replication: Int) throws {
        let full = try scenario(stationary(horizon: "4 years", warmUp: "1 year"))
        let alone = try scenario(stationary(horizon: "1 year", warmUp: "2 years")
            .replacingOccurrences(of: "horizon: 1 year", with: "end: 2028-12-31"))
        var a = CareSimulation(config: full.model, monthStarts: full.monthStarts, seed: 4, replication: replication)
        var b = CareSimulation(config: alone.model, monthStarts: alone.monthStarts, seed: 4, replication: replication)
        let years = a.run().territories[0].years, restricted = b.run().territories[0]
        #expect(years.map(\.index) == [1, 2, 3] && years.map(\.days) == [365, 366, 365])
        let yearly = metrics(years[1].result, days: 366), whole = metrics(restricted, days: alone.run.horizon - alone.run.warmUp)
        #expect(yearly.count == whole.count && yearly.count > 60)
        var compared = 0
        for (name, value) in yearly where !Self.countedAtTheEnd.contains(name) {
            let other = whole[name]!
            #expect(value == other || (value.isNaN && other.isNaN), "\(name): \(value) in 2028, \(other) in a run of 2028")
            compared += 1
        }
        #expect(compared > 55)
        #expect(yearly["requests_per_year"]! > 300)
        // The end-of-run counts differ only by the waits still running at the end.
        #expect(whole["ruptures_long_wait_per_year"]! >= yearly["ruptures_long_wait_per_year"]!)
        for role in ["coordination", "case_management"] {
            #expect(whole["\(role)_waits_per_year"]! >= yearly["\(role)_waits_per_year"]!)
            #expect(whole["\(role)_waits_censored_share"]! >= yearly["\(role)_waits_censored_share"]!)
        }
    }

    /// The whole observed period is its years: counts add up, time averages weigh each year by its days.
    @Test func theRunIsTheSumOfItsYears() throws {
        let s = try scenario(territoryScenario(archetype: "balanced", horizon: "3 years", warmUp: "6 months"))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 2, replication: 0)
        let t = simulation.run().territories[0]
        #expect(t.years.map(\.days) == [184, 365, 366])  // 2026 from 1 July, 2027, 2028
        let requests = t.years.reduce(0) { $0 + $1.result.observations.requests.values.reduce(0, +) }
        #expect(requests == t.observations.requests.values.reduce(0, +))
        #expect(t.years.reduce(0) { $0 + $1.result.staffCost } == t.staffCost)
        let occupied = t.years.reduce(0) { $0 + ($1.result.occupied[.coordination] ?? 0) * $1.days } / 915
        #expect(abs(occupied - t.occupied[.coordination]!) < 1e-9 * occupied)
        #expect(t.years.reduce(0) { $0 + $1.result.observations.waits[.coordination]!.count }
                == t.observations.waits[.coordination]!.count)
    }

    @Test func targetsAreReadWithTheirYearAndTerritory() throws {
        let s = try scenario(stationary(horizon: "3 years", warmUp: "1 year", goals: """
            , goals: [{metric: coordination_within_target_share, at_least: 0.9, year: 2028},
                      {metric: case_management_wait_p90_days, at_most: 30, year: 2027, territory: T}]
            """))
        #expect(s.goals == [Goal(metric: "coordination_within_target_share", direction: .atLeast, threshold: 0.9, year: 2028),
                            Goal(metric: "case_management_wait_p90_days", direction: .atMost, threshold: 30, year: 2027, territory: "T")])
        #expect(s.goals[0].description == "coordination_within_target_share >= 0.9 in 2028")
        #expect(Goal.observedYears(s.run) == 2027...2028)
    }

    @Test func badTargetsGetOneClearError() {
        func message(_ goal: String) -> String {
            errorMessage(stationary(horizon: "3 years", warmUp: "1 year", goals: ", goals: [\(goal)]"))
        }
        #expect(message("{metric: wait, at_least: 0.9, year: 2028}")
                .hasPrefix("test.yaml:2: targets.goals[0].metric: unknown metric \"wait\"; did you mean"))
        #expect(message("{metric: coordination_within_target_share, at_least: 0.9, year: 2026}")
                == "test.yaml:2: targets.goals[0].year: the run observes 2027 to 2028, not 2026")
        #expect(message("{metric: coordination_within_target_share, at_least: 0.9, at_most: 1, year: 2028}")
                == "test.yaml:2: targets.goals[0].at_most: at_least and at_most are alternatives: write one of them")
        #expect(message("{metric: coordination_within_target_share, year: 2028}")
                == "test.yaml:2: targets.goals[0].at_least: missing; expected at_least or at_most, the threshold the metric must reach or not pass")
        #expect(message("{metric: coordination_within_target_share, at_least: 0.9, year: 2028, territory: X}")
                == "test.yaml:2: targets.goals[0].territory: no territory named \"X\"; the territories are \"T\"")
        #expect(message("{metric: coordination_within_target_share, at_least: high, year: 2028}")
                == "test.yaml:2: targets.goals[0].at_least: expected a threshold, found \"high\"")
    }

    /// The probability of a target is the share of replications meeting it in its year, and its
    /// interval (Wilson's) stays within 0 and 1.
    @Test func targetsAreProbabilitiesAcrossReplications() async throws {
        let s = try scenario(stationary(horizon: "3 years", warmUp: "1 year", goals: """
            , goals: [{metric: requests_per_year, at_least: 0, year: 2028},
                      {metric: requests_per_year, at_most: 0, year: 2028},
                      {metric: coordination_within_target_share, at_least: 0.5, year: 2027}]
            """))
        let results = try await Experiment.run(s, replications: 6, seed: 3, jobs: 2)
        let years = YearSummary.years(of: results, startYear: 2026)
        #expect(years.map(\.year) == [2027, 2028])
        let checks = GoalCheck.check(s.goals, years: years)
        #expect(checks.count == 3 && checks.allSatisfy { $0.territory == "T" && $0.replications == 6 })
        #expect(checks[0].probability == 1 && checks[1].probability == 0)
        #expect(checks[0].interval.upper == 1 && checks[0].interval.lower > 0.5 && checks[1].interval.lower == 0)
        // The third: as many as the replications of 2027 whose share reaches one half.
        let m = years[0].summary.index(of: "coordination_within_target_share")!
        #expect(checks[2].met == years[0].summary.values[0][m].filter { $0 >= 0.5 }.count)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-yearly-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ResultsWriter(directory: folder.path, overwrite: false)
            .write(scenario: s, summary: ExperimentSummary(results, observedYears: 731 / 365.25), results: results, seed: 3,
                   version: "test")
        let lines = try String(contentsOf: folder.appendingPathComponent("yearly.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "territory,year,days_observed,metric,mean,sd,ci_low,ci_high,replications,target,p_met,p_met_ci_low,p_met_ci_high")
        let targeted = lines.filter { $0.hasPrefix("T,2028,366,requests_per_year,") }
        #expect(targeted.count == 2)
        #expect(targeted[0].hasSuffix(",>= 0,1,\(ResultsWriter.number(checks[0].interval.lower)),1"))
        #expect(targeted[1].contains(",<= 0,0,0,"))
        #expect(lines.contains { $0.hasPrefix("T,2027,365,population,") && $0.hasSuffix(",,,,") })
    }
}
