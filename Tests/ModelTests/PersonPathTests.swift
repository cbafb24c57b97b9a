@testable import CareModel
import Experiments
import Foundation
import Scenarios
import TestSupport
import Testing

/// The person's path (care model v2), mechanism by mechanism: each test would fail without it.
@Suite struct PersonPathTests {
    /// One territory of 100,000 people under 60 with chronic-disease situations only, referred at
    /// once by GPs, nobody dying or moving, level 1 handling nothing and support at one intensity
    /// (the level's hours and durations, no home visits); `overlay` (YAML) is laid
    /// over it section by section, and `territory` adds lines to the territory (devices, routing...).
    func pathScenario(overlay: String = "", territory: String, horizon: String = "6 years") throws -> Scenario {
        let zero = "aggravation_per_year: 0, hospitalisation_per_year: 0, nursing_home_per_year: 0, death_per_year: 0, moving_per_year: 0, recurrence_per_year: 0"
        let base = try ScenarioValue.parse("""
            run: {start: 2026-01-01, horizon: \(horizon), warm_up: 1 year}
            holidays: none
            incidence:
              under_60:      {geriatric: 0, palliative: 0, chronic_disease: 3, mental_health: 0, disability: 0, addiction: 0}
              from_60_to_74: {geriatric: 0, palliative: 0, chronic_disease: 0, mental_health: 0, disability: 0, addiction: 0}
              from_75:       {geriatric: 0, palliative: 0, chronic_disease: 0, mental_health: 0, disability: 0, addiction: 0}
            seasonality: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
            persons:
              level3_share: 0
              level2: {\(zero)}
              level3: {\(zero.replacingOccurrences(of: "aggravation", with: "easing"))}
            primary_care: {handles_level2: 0}
            referral: {sources: {gp: 1, hospital: 0, social: 0, medico_social: 0, user_carer: 0}, probability: 1,
                       density_elasticity: 0, readability_effect: 0, delay: {deterministic: 0 days}, misdirection: 0,
                       discharge_probability: 0}
            outreach: {referral_gain: 0, level_1_gain: 0, misdirection_reduction: 0}
            workload:
              intensities:
                level_2: {one_off: {share: 0}, sustained: {share: 1, hours: 1, duration: 1, visits_per_month: 0}, intensive: {share: 0}}
                level_3: {one_off: {share: 0}, sustained: {share: 1, hours: 1, duration: 1, visits_per_month: 0}, intensive: {share: 0}}
            territories:
              - name: T
                archetype: balanced
                population: {under_60: 100000, from_60_to_74: 0, from_75: 0}
                growth_per_year: {under_60: 0, from_60_to_74: 0, from_75: 0}
                \(territory.contains("turnover:") ? "" : "turnover: {quits_per_year: 0}")
            \(territory.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """, file: "test.yaml")
        let merged = overlay.isEmpty ? base : base.overridden(by: try ScenarioValue.parse(overlay, file: "overlay.yaml"))
        return try Scenario.read(merged, file: "test.yaml")
    }

    /// Shares per replication of a quantity, with a check that `expected` is in their interval.
    func check(_ values: [Double], _ expected: Double, _ label: String) {
        let result = interval(values, contains: expected, label)
        #expect(result.ok, "\(result.message)")
    }

    func runs(_ s: Scenario, replications: Int = 10) async throws -> [RunResult] {
        try await Experiment.run(s, replications: replications, seed: 5, jobs: 2)
    }

    // MARK: Routing

    /// GPs send 30% to the PTA, 20% to the CLIC, 50% to the MAIA; the MAIA takes people 60+ only,
    /// so among the devices that accept a 45-year-old the PTA gets 0.3 / 0.5 of first contacts.
    @Test func firstContactsFollowTheRoutingSharesRenormalisedAmongEligibleDevices() throws {
        let s = try pathScenario(territory: """
            devices:
              - {name: C, kind: clic, coordination: {fte: 50}}
              - {name: M, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]}, case_management: {fte: 50}}
              - {name: P, kind: pta, coordination: {fte: 50}}
            routing:
              gp: {pta: 0.3, clic: 0.2, maia: 0.5}
            """, horizon: "3 years")
        var shares: [Double] = []
        for replication in 0..<10 {
            var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 3, replication: replication)
            simulation.reusesSlots = false  // every person created stays to be looked at
            _ = simulation.run()
            let reached = simulation.persons.filter { $0.device >= 0 }.map { simulation.devices[Int($0.device)].config.name }
            #expect(!reached.contains("M"))
            shares.append(Double(reached.filter { $0 == "P" }.count) / Double(reached.count))
        }
        check(shares, 0.6, "share of first contacts reaching the PTA")
    }

    /// A MAIA (case management only) reached by a level-2 situation re-orients it to the PTA.
    /// The case mix a device reports: requests counted by pathway add up to all requests, and
    /// with two pathways arising 3 : 1 and everyone referred, a quarter of requests are palliative.
    @Test func requestsAreCountedByPathway() async throws {
        let s = try pathScenario(overlay: """
            incidence:
              under_60: {geriatric: 0, palliative: 1, chronic_disease: 3, mental_health: 0, disability: 0, addiction: 0}
            """, territory: """
            devices:
              - {name: P, kind: pta, coordination: {fte: 50}}
            """, horizon: "3 years")
        var shares: [Double] = []
        for r in try await runs(s) {
            let o = r.territories[0].observations
            let all = o.requests.values.reduce(0, +)
            #expect(o.requestsByPathway.values.reduce(0, +) == all)
            #expect(Set(o.requestsByPathway.keys).isSubset(of: [.palliative, .chronicDisease]))
            shares.append(Double(o.requestsByPathway[.palliative] ?? 0) / Double(all))
        }
        check(shares, 0.25, "share of palliative requests")
    }

    /// Intensities: half the level-2 situations get one-off support (twice the hours a month for
    /// a quarter of the duration), half sustained support (the level's). With staff to spare,
    /// people followed over admissions a day is the mean duration (Little's law: 3 months ×
    /// 0.625), and caseload minutes taken per person followed the time-weighted mean hours (2
    /// hours × (0.5 × 0.25 × 2 + 0.5) / 0.625 = 2.4 hours, 144 minutes).
    @Test func intensitiesSetHoursAndDurations() async throws {
        let s = try pathScenario(overlay: """
            workload:
              intensities:
                level_2:
                  one_off: {share: 0.5, hours: 2, duration: 0.25, visits_per_month: 0}
                  sustained: {share: 0.5, hours: 1, duration: 1, visits_per_month: 0}
                  intensive: {share: 0, hours: 1, duration: 1, visits_per_month: 0}
            """, territory: """
            devices:
              - {name: P, kind: pta, coordination: {fte: 50, duration: {exponential: {mean: 90 days}}}}
            """, horizon: "4 years")
        let results = try await runs(s)
        let years = (s.model.horizon - s.model.warmUp) / 365.25
        let durations = results.map { r -> Double in
            let t = r.territories[0]
            return (t.people[.coordination] ?? 0) / (Double(t.observations.waits[.coordination]!.count) / (years * 365.25))
        }
        check(durations, 90 * 0.625, "mean days of support")
        let minutes = results.map { ($0.territories[0].occupied[.coordination] ?? 0) / ($0.territories[0].people[.coordination] ?? 1) }
        check(minutes, 144, "caseload minutes a month per person followed")
    }

    @Test func aDeviceWithoutTheLevelsCaseloadReorientsThePerson() async throws {
        let s = try pathScenario(territory: """
            devices:
              - {name: M, kind: maia, case_management: {fte: 50}}
              - {name: P, kind: pta, coordination: {fte: 50}}
            routing:
              gp: {maia: 0.25, pta: 0.75}
            """, horizon: "3 years")
        let results = try await runs(s)
        let shares = results.map { r -> Double in
            let o = r.territories[0].observations
            return Double(o.reoriented) / Double(o.requests.values.reduce(0, +))
        }
        check(shares, 0.25, "share re-oriented")
        // Nobody level 2 ends up in the MAIA's case management.
        #expect(results.allSatisfy { ($0.territories[0].occupied[.caseManagement] ?? 0) == 0 })
    }

    /// Devices written in any order give the same results, bit for bit, for every bundled scenario.
    @Test(arguments: BundledScenarioTests.files)
    func theOrderDevicesAreWrittenInChangesNothing(file: String) async throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/\(file)").path
        let value = try ScenarioValue.load(file: path)
            .overridden(by: ScenarioValue.parse("run: {horizon: 2 years, warm_up: 1 year}\ntargets: {goals: []}", file: "test"))
        let written = try Scenario.read(value, file: path)
        guard written.model.territories.contains(where: { $0.devices.count > 1 }) else { return }
        var reversed = written.model
        for t in reversed.territories.indices { reversed.territories[t].devices.reverse() }
        func summary(_ model: ModelConfiguration) -> [[Double]] {
            (0..<3).map { replication in
                var simulation = CareSimulation(config: model, monthStarts: written.monthStarts, seed: 9, replication: replication)
                return simulation.run().territories.flatMap { $0.metrics(observedYears: 1).values }
            }
        }
        let a = summary(written.model), b = summary(reversed)
        #expect(a.elementsEqual(b) { zip($0, $1).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } }, "\(file)")
    }

    // MARK: Level 1

    /// With every GP in a coordinated team handling half the level-2 situations, half never
    /// become requests; with no coverage, none is handled at level 1. Coverage takes effect at its date.
    @Test func coordinatedPrimaryCareHandlesItsShareOfLevel2() async throws {
        let devices = "devices:\n  - {name: P, kind: pta, coordination: {fte: 50}}"
        let covered = try pathScenario(overlay: "primary_care: {handles_level2: 0.5}", territory: devices + """

            primary_care_coverage: [{date: 2026-01-01, share: 0}, {date: 2027-01-01, share: 1}]
            """)
        let results = try await runs(covered)
        check(results.map { r in
            let o = r.territories[0].observations
            let managed = Double(o.outcomes[.managedInPrimaryCare] ?? 0)
            return managed / (managed + Double(o.requests.values.reduce(0, +)))
        }, 0.5, "share handled at level 1")
        // Before the coverage's date (the warm-up), nobody was: the observed years hold them all.
        let uncovered = try pathScenario(overlay: "primary_care: {handles_level2: 0.5}", territory: devices + "\nprimary_care_coverage: 0")
        #expect(try await runs(uncovered, replications: 2).allSatisfy { $0.territories[0].observations.outcomes[.managedInPrimaryCare] == nil })
        // Handled at level 1 is never an unmet need.
        #expect(results.allSatisfy { $0.territories[0].observations.unmet.values.reduce(0, +) == 0 })
    }

    /// Unmet needs count what staffing leaves without support: the same demand with twice the DAC's
    /// staff leaves fewer needs unmet, beyond doubt.
    @Test func unmetNeedsRespondToStaffing() async throws {
        func desert(_ fte: Double) throws -> Scenario {
            try scenario(territoryScenario(archetype: "desert", horizon: "4 years", warmUp: "1 year", extra: """
                convergence:
                  date: 2026-01-01
                  dac: {coordination: {fte: \(fte), patience: {exponential: {mean: 3 months}}},
                        case_management: {fte: \(fte / 2), patience: {exponential: {mean: 3 months}}}}
                """))
        }
        let few = try await Experiment.run(try desert(2), replications: 10, seed: 2, jobs: 2)
        let more = try await Experiment.run(try desert(8), replications: 10, seed: 2, jobs: 2)
        let comparison = try Comparison(a: ExperimentSummary(few, observedYears: 3), b: ExperimentSummary(more, observedYears: 3))
        let unmet = try #require(comparison.row(territory: "T", metric: "unmet_needs_per_year"))
        #expect(unmet.significant && unmet.meanDifference < 0, "unmet needs: \(unmet.meanDifference) \(String(describing: unmet.interval))")
    }

    // MARK: Discharges and recurrence

    /// Nobody is referred at onset; with discharge referral, every request is a hospital's at discharge.
    @Test func hospitalDischargesRefer() async throws {
        func path(_ probability: Double) throws -> Scenario {
            try pathScenario(overlay: """
                persons:
                  level2: {hospitalisation_per_year: 2}
                  hospitalisation_multiplier_unsupported: 1
                  unreferred_episode: {deterministic: 2 years}
                referral: {probability: 0, discharge_probability: \(probability)}
                """, territory: """
                devices:
                  - {name: P, kind: pta, coordination: {fte: 50}}
                """)
        }
        let referring = try await runs(try path(1), replications: 4)
        for r in referring {
            let o = r.territories[0].observations
            #expect(o.dischargeReferrals > 100)
            #expect(o.requests[.hospital] == o.dischargeReferrals && o.requests.values.reduce(0, +) == o.dischargeReferrals)
        }
        let silent = try await runs(try path(0), replications: 2)
        #expect(silent.allSatisfy { $0.territories[0].observations.requests.isEmpty })
    }

    /// A need does not lapse while its person is in hospital: the discharge decides first, even
    /// when the need would have lapsed during the stay.
    @Test func aNeedDoesNotLapseInHospital() async throws {
        let s = try pathScenario(overlay: """
            persons:
              level2: {hospitalisation_per_year: 100}
              hospitalisation_multiplier_unsupported: 1
              hospital_stay: {deterministic: 30 days}
              unreferred_episode: {deterministic: 1 day}
            referral: {probability: 0, discharge_probability: 1}
            """, territory: """
            devices:
              - {name: P, kind: pta, coordination: {fte: 50}}
            """, horizon: "2 years")
        for r in try await runs(s, replications: 2) {
            let o = r.territories[0].observations
            // About a quarter are hospitalised within their day: every one of them is referred at discharge.
            #expect(o.dischargeReferrals > 0 && o.dischargeReferrals == o.requests.values.reduce(0, +))
            #expect(Double(o.dischargeReferrals) > 0.15 * Double(o.dischargeReferrals + o.notReferred))
        }
    }

    /// A pathway's aggravation changes level 2's hazard only; its easing, level 3's.
    @Test func aPathwaysAggravationIsNotItsEasing() throws {
        let s = try pathScenario(overlay: """
            persons:
              level2: {aggravation_per_year: 0.25}
              level3: {easing_per_year: 0.15}
              pathways: {mental_health: {aggravation_per_year: 0.6}}
            """, territory: "devices:\n  - {name: P, kind: pta, coordination: {fte: 1}}")
        #expect(s.model.persons.hazards(level: 2, pathway: .mentalHealth).needChange == 0.6)
        #expect(s.model.persons.hazards(level: 3, pathway: .mentalHealth).needChange == 0.15)
    }

    /// After support, needs come back at 1 a year while people die at 0.5 a year: 2/3 of those
    /// who leave the time between needs do so through a new need.
    @Test func needsComeBackAtTheRecurrenceRate() async throws {
        let s = try pathScenario(overlay: """
            persons:
              level2: {death_per_year: 0.5, recurrence_per_year: 1}
              hospital_stay: {deterministic: 1 min}
            """, territory: """
            devices:
              - {name: P, kind: pta, coordination: {fte: 100, duration: {exponential: {mean: 1 month}}}}
            """, horizon: "8 years")
        let results = try await runs(s)
        check(results.map { r in
            let o = r.territories[0].observations
            let deathsBetween = Double((o.outcomes[.death] ?? 0) - o.deathsUnderSupport)
            return Double(o.recurrences) / (Double(o.recurrences) + deathsBetween)
        }, 2.0 / 3, "share of needs coming back")
        #expect(results.allSatisfy { $0.territories[0].observations.reReferrals > 0 })
    }

    /// Palliative situations die at their pathway's rate (2 a year: a median survival of 4 months),
    /// not their level's: against support of mean 1 year, 2/3 of supports end in death.
    @Test func palliativeSituationsDieAtTheirPathwaysRate() async throws {
        let s = try pathScenario(overlay: """
            incidence: {under_60: {chronic_disease: 0, palliative: 3}}
            persons:
              level2: {death_per_year: 0.06}
              pathways: {palliative: {death_per_year: 2}}
            """, territory: """
            devices:
              - {name: P, kind: pta, coordination: {fte: 200, duration: {exponential: {mean: 1 year}}}}
            """)
        check(try await runs(s).map { r in
            let o = r.territories[0].observations
            return Double(o.deathsUnderSupport) / Double(o.deathsUnderSupport + o.supportsCompleted)
        }, 2.0 / 3, "share of palliative supports ending in death")
        // The default palliative death rate gives the median survival the defaults state: about 4 months.
        let rate = try #require(try scenario(territoryScenario(archetype: "balanced")).model.persons.pathways[.palliative]?.death)
        #expect(abs(log(2.0) / rate * 12 - 4.16) < 0.05)
    }

    /// Support paused during stays lasts longer: 90 days of support plus the stays within it.
    @Test func supportPausedDuringStaysLastsLonger() async throws {
        func meanSupport(_ policy: String) async throws -> Double {
            let s = try pathScenario(overlay: """
                persons:
                  level2: {hospitalisation_per_year: 4}
                  hospitalisation_multiplier_coordinated: 1
                  hospital_stay: {deterministic: 30 days}
                  support_during_stay: \(policy)
                """, territory: """
                devices:
                  - {name: P, kind: pta, coordination: {fte: 100, duration: {deterministic: 90 days}}}
                """)
            let results = try await runs(s, replications: 4)
            // Little's law: people supported on average over admissions per day is the time supported.
            return results.map { r in
                let t = r.territories[0]
                return (t.people[.coordination] ?? 0) / (Double(t.observations.waits[.coordination]!.count) / (5 * 365.25))
            }.reduce(0, +) / 4
        }
        let kept = try await meanSupport("kept"), paused = try await meanSupport("paused")
        #expect(abs(kept - 90) < 3, "kept: \(kept) days")
        // 90 days of support time see 4 x 90 / 365 = 0.99 stays of 30 days: about 30 days more.
        #expect(paused - kept > 20 && paused - kept < 40, "paused: \(paused) days, kept: \(kept)")
    }

    // MARK: Bad values

    @Test func badRoutingAndHazardsGetOneClearError() {
        let yaml = { (lines: String) in
            "run: {start: 2026-01-01, horizon: 3 years}\nterritories:\n  - name: T\n    archetype: medico-social\n"
                + "    population: {under_60: 1000, from_60_to_74: 1, from_75: 1}\n" + lines
        }
        #expect(errorMessage(yaml("    routing:\n      gp: {clic: 0.5, maia: 0.2}\n"))
                == "test.yaml:7: territories[0].routing.gp: the shares must sum to 1 (they sum to 0.7)")
        #expect(errorMessage(yaml("    routing:\n      gp: {clic: 0.5, network: 0.5}\n"))
                == "test.yaml:7: territories[0].routing.gp.network: no device of kind network in this territory (its devices: "
                + "CLIC (clic), MAIA (maia))")
        #expect(errorMessage("run: {start: 2026-01-01, horizon: 3 years}\npersons:\n  pathways: {palliative: {death_per_year: -1}}\n")
                == "test.yaml:3: persons.pathways.palliative.death_per_year: expected a rate per year >= 0, found \"-1\"")
        #expect(errorMessage(yaml("    primary_care_coverage: [{date: 2027-01-01, share: 0.5}, {date: 2026-01-01, share: 0.6}]\n"))
                == "test.yaml:6: territories[0].primary_care_coverage[1].date: dates must follow each other in order")
    }
}

