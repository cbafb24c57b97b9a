@testable import CareModel
import Experiments
import Foundation
import Scenarios
import Testing

/// Care model v3, what staff and convergence buy: outreach (support to professionals and
/// territorial animation) changes who is referred and what level 1 handles; case management
/// admits on its criteria; misdirection after convergence follows the devices left outside; the
/// support programme shortens vacancies and lowers quits; staff may be set per 100,000 aged 75+.
@Suite struct WhatStaffBuysTests {
    func summary(_ s: Scenario, replications: Int = 6) async throws -> ExperimentSummary {
        ExperimentSummary(try await Experiment.run(s, replications: replications, seed: 21, jobs: 2), observedYears: 2)
    }

    /// staffing-hdf.yaml's DAC at Bretagne's staff (7.6 per 100,000 against 3.3).
    static let bretagneStaff = """
        territories:
          - name: Balanced 500k DAC
            convergence:
              dac: {front_desk: {staff_per_100k: 0.9}, coordination: {fte_per_100k: 3.0}, case_management: {fte_per_100k: 3.7}}
        """

    func row(_ a: ExperimentSummary, _ b: ExperimentSummary, _ territory: String, _ metric: String) throws -> Comparison.Row {
        try #require(try Comparison(a: a, b: b).row(territory: territory, metric: metric))
    }

    /// The response to outreach is 1 at the reference, rises with outreach, saturates, and its
    /// effects go the documented ways (more referral, more handled at level 1, less misdirection).
    @Test func outreachMultipliersAreOneAtTheReferenceAndSaturate() {
        let o = Outreach(referenceFTEPer100k: 0.35, halfSaturationFTEPer100k: 0.35, referralGain: 0.5, levelOneGain: 0.3,
                         misdirectionReduction: 0.5)
        let atReference = o.multipliers(known: 0.35)
        #expect(abs(atReference.referral - 1) < 1e-12 && abs(atReference.levelOne - 1) < 1e-12
                && abs(atReference.misdirection - 1) < 1e-12)
        let none = o.multipliers(known: 0), more = o.multipliers(known: 0.7), lots = o.multipliers(known: 100)
        #expect(none.referral < 1 && more.referral > 1 && lots.referral > more.referral)
        #expect(none.levelOne < 1 && more.levelOne > 1 && none.misdirection > 1 && more.misdirection < 1)
        // Saturation: from no outreach to saturation, the referral multiplier's range is (1 + gain) over 1.
        #expect(abs(o.multipliers(known: 1e9).referral / none.referral - 1.5) < 1e-6)
        // Doubling outreach from the reference buys less than the reference bought from nothing.
        #expect(more.referral - 1 < 1 - none.referral)
    }

    /// Where staff are ample (Bretagne's 7.6 per 100,000 with HdF's demand) and give no time to
    /// outreach, moving 35% of the coordination staff's time from caseloads to support to
    /// professionals and animation lowers the caseload capacity (occupancy rises), and raises
    /// requests and the situations level 1 handles itself while fewer needs go unreferred (paired
    /// runs, each significant). Where the DAC is saturated (HdF's own staff), the lost capacity
    /// weighs more: docs/model.md.
    @Test func timeMovedToMissionThreeRaisesReferralsAndLevelOneButLowersCapacity() async throws {
        func bretagne(coordination: String) -> String {
            """
            territories:
              - name: Balanced 500k DAC
                convergence:
                  dac:
                    front_desk: {staff_per_100k: 0.9}
                    case_management:
                      fte_per_100k: 3.7
                      time: {caseloads: 0.85, information: 0, professionals: 0, assessments: 0.1, animation: 0, management: 0.05}
                    coordination:
                      fte_per_100k: 3.0
                      time: {\(coordination), information: 0.1, assessments: 0.1, management: 0.05}
            """
        }
        let a = try await summary(try shortened("staffing-hdf.yaml", bretagne(coordination: "caseloads: 0.75")))
        let b = try await summary(try shortened("staffing-hdf.yaml",
                                                bretagne(coordination: "caseloads: 0.4, professionals: 0.25, animation: 0.1")))
        let territory = "Balanced 500k DAC"
        #expect(try row(a, b, territory, "outreach_fte_per_100k").meanDifference > 0.8)  // 1.05 planned, less vacancies
        for metric in ["requests_per_year", "managed_in_primary_care_per_year", "coordination_occupancy"] {
            let r = try row(a, b, territory, metric)
            #expect(r.significant && r.meanDifference > 0, "\(metric): \(r.meanDifference)")
        }
        let notReferred = try row(a, b, territory, "not_referred_per_year")
        #expect(notReferred.significant && notReferred.meanDifference < 0, "not referred: \(notReferred.meanDifference)")
    }

    /// How well the services are known follows outreach with a first-order lag: a team doubled
    /// six months before the end is known at the level the lag gives (monthly steps; the change
    /// falls on a month's start), and the referral probability follows it.
    @Test func outreachIsKnownWithALag() throws {
        let s = try scenario(territoryScenario(archetype: "balanced", horizon: "2 years", warmUp: "0 days", extra: """
            convergence: {date: none}
            growth_per_year: {under_60: 0, from_60_to_74: 0, from_75: 0}
            turnover: {quits_per_year: 0}
            devices:
              - name: PTA
                kind: pta
                coordination: {fte: 10, time: {caseloads: 0.8, professionals: 0.2}}
                staffing: [{date: 2027-07-01, role: coordination, fte: 20}]
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 1, replication: 0)
        _ = simulation.run()
        // 2 then 4 outreach FTE for 200,000 inhabitants: 1 then 2 per 100,000, from day 546 to the end.
        let expected = 2 + (1 - 2) * exp(-(s.model.horizon - 546) / 365.25)
        #expect(abs(simulation.territories[0].known - expected) < 1e-9, "known \(simulation.territories[0].known), expected \(expected)")
        let written = s.model.referral.probability(in: s.model.territories[0], readability: s.model.territories[0].readability)
        let multiplier = s.model.outreach.multipliers(known: expected).referral
        #expect(multiplier > 1 && abs(simulation.territories[0].referralProbability - written * multiplier) < 1e-12)
    }

    /// HdF's demand with Bretagne's staff (7.6 per 100,000 against 3.3, same referral probability):
    /// beyond shorter waits, more outreach makes the DAC known and case managers with room find
    /// situations, so fewer needs go unreferred, level 1 handles more, and fewer situations break
    /// down (docs/model.md, "Outreach"); case managers still follow 15 to 30 people each (the
    /// whole 95% interval of the mean), as a caseload keeps.
    @Test func hdfDemandWithBretagneStaffImprovesMoreThanWaits() async throws {
        let a = try await summary(try shortened("staffing-hdf.yaml"))
        let b = try await summary(try shortened("staffing-hdf.yaml", Self.bretagneStaff))
        for (metric, sign) in [("not_referred_per_year", -1.0), ("managed_in_primary_care_per_year", 1), ("ruptures_per_year", -1)] {
            let r = try row(a, b, "Balanced 500k DAC", metric)
            #expect(r.significant && r.meanDifference * sign > 0, "\(metric): \(r.meanDifference)")
        }
        let metric = try #require(b.index(of: "case_management_active_per_fte"))
        let people = try #require(b.summary(territory: 0, metric: metric)?.interval)
        #expect(people.lower >= 15 && people.upper <= 30, "people per case-management FTE: \(people)")
    }

    /// A MAIA alone (the desert before its DAC) admits to case management on its criteria: level-2
    /// people it is asked about go back to level 1 with a counted outcome, never into case
    /// management (no easing here, so nobody in case management is ever at level 2).
    @Test func caseManagementAdmitsLevelThreeAlone() async throws {
        let s = try scenario(territoryScenario(archetype: "desert", extra: "convergence: {date: none}")
            .replacingOccurrences(of: "name: test", with: "name: test\npersons: {level3: {easing_per_year: 0}}"))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 3, replication: 0)
        let result = simulation.run()
        let t = result.territories[0]
        #expect((t.observations.outcomes[.orientedToLevelOne] ?? 0) > 20)
        // A need counts unmet once; a hospital's request at discharge may be oriented back again.
        let unmet = t.observations.unmet[.orientedToLevelOne] ?? 0
        #expect(unmet > 20 && unmet <= (t.observations.outcomes[.orientedToLevelOne] ?? 0))
        #expect(t.months.allSatisfy { $0.overServed == 0 }, "level-2 people in case management: \(t.months.map(\.overServed).max() ?? 0)")
        #expect((t.people[.caseManagement] ?? 0) > 10)
        #expect(result.accountingErrors.isEmpty)
    }

    /// After convergence, first contacts go astray only towards devices left outside the DAC, and
    /// the DAC is as readable as the share of the former offer it absorbed.
    @Test func misdirectionAfterConvergenceFollowsTheDevicesLeftOutside() async throws {
        let base = territoryScenario(archetype: "medico-social", extra: "convergence: {date: 2026-01-01}")
        let outside = territoryScenario(archetype: "medico-social", extra: """
            convergence: {date: 2026-01-01}
            devices:
              - {name: CLIC, kind: clic, joins: false, eligibility: {age_bands: [from_60_to_74, from_75]},
                 front_desk: {staff_per_100k: 0.5}, coordination: {fte_per_100k: 0.8}}
              - {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]}, case_management: {fte_per_100k: 1.2}}
            """)
        let all = try await summary(try scenario(base), replications: 3), part = try await summary(try scenario(outside), replications: 3)
        func mean(_ s: ExperimentSummary, _ metric: String) -> Double {
            let v = s.values[0][s.index(of: metric)!]
            return v.reduce(0, +) / Double(v.count)
        }
        #expect(mean(all, "misdirected_per_year") == 0)
        #expect(mean(part, "misdirected_per_year") > 5)
        // The CLIC's staff (front desk and coordination, 1.3 of the former 2.5 FTE per 100,000)
        // stay out: the DAC's readability rises by about half the way, and requests with it less.
        #expect(mean(part, "requests_per_year") < mean(all, "requests_per_year"))
    }

    /// The support programme shortens vacancies and lowers quits while it runs: at the same
    /// quits around convergence (no rise), a strong programme keeps more posts filled than none.
    @Test func theSupportProgrammeKeepsPostsFilled() async throws {
        func run(_ programme: String) throws -> Scenario {
            try scenario(territoryScenario(archetype: "medico-social", horizon: "3 years", warmUp: "0 days", extra: """
                convergence: {date: 2026-01-01}
                support_programme: \(programme)
                turnover: {quits_per_year: 1, around_convergence: {multiplier: 1}}
                """).replacingOccurrences(of: "name: test", with: "name: test\nsupport_programme: {duration: 3 years}"))
        }
        let none = try await summary(try run("none"), replications: 12), strong = try await summary(try run("strong"), replications: 12)
        for metric in ["coordination_fte", "case_management_fte"] {
            let r = try row(none, strong, "T", metric)
            #expect(r.significant && r.meanDifference > 0, "\(metric): \(r.meanDifference)")
        }
    }

    /// Staff per 100,000 aged 75+: an archetype with an older population gets staff in proportion.
    @Test func staffPer100kAged75ScalesWithTheOlderPopulation() throws {
        let s = try scenario(territoryScenario(archetype: "desert", extra: """
            devices:
              - {name: MAIA, kind: maia, case_management: {fte_per_100k_aged_75: 10}}
            """))
        let population = s.model.territories[0].population[.from75]!
        #expect(abs(s.model.territories[0].devices[0].caseManagement!.fte - 10 * population / 100_000) < 1e-9)
        #expect(throws: ScenarioError.self) {
            try scenario(territoryScenario(archetype: "desert", extra: """
                devices:
                  - {name: MAIA, kind: maia, case_management: {fte_per_100k: 1, fte_per_100k_aged_75: 10}}
                """))
        }
    }
    /// A DAC split into antennas: each antenna has its share of the inhabitants and of the staff,
    /// and queues of its own, behind one front desk. Everyone in an antenna's caseloads lives in
    /// it; people are in each antenna's caseloads in proportion to its share; the staff add up
    /// to the DAC's.
    @Test func antennasKeepTheirOwnQueues() throws {
        let split = try scenario(territoryScenario(archetype: "balanced", extra: """
            convergence: {date: 2026-01-01, antennas: [{name: North, population_share: 0.75}, {name: South, population_share: 0.25}]}
            """))
        var simulation = CareSimulation(config: split.model, monthStarts: split.monthStarts, seed: 5, replication: 0)
        simulation.reusesSlots = false
        let result = simulation.run()
        #expect(result.accountingErrors.isEmpty, "\(result.accountingErrors)")
        let dac = simulation.territories[0].dac
        let antennaOf = Dictionary(uniqueKeysWithValues: simulation.devices[dac].antennaPools.enumerated().flatMap { a, pools in
            pools.filter { $0 >= 0 }.map { ($0, a) }
        })
        var inAntenna = [0, 0]
        for person in simulation.persons where person.pool >= 0 && (person.place == .waiting || person.place == .supported) {
            guard let a = antennaOf[Int(person.pool)] else { continue }
            #expect(a == Int(person.antenna), "a person of antenna \(person.antenna) in antenna \(a)'s caseload")
            inAntenna[a] += 1
        }
        #expect(inAntenna[0] > 50 && inAntenna[1] > 20, "people in each antenna's caseloads: \(inAntenna)")
        // Everyone created lives in an antenna by its share: within four binomial standard errors.
        let n = Double(simulation.persons.count)
        let north = Double(simulation.persons.filter { $0.antenna == 0 }.count) / n
        #expect(abs(north - 0.75) < 4 * (0.75 * 0.25 / n).squareRoot(), "\(north) of the people live in the first antenna")
        let staff = simulation.teams.filter { $0.device == dac && $0.role == .coordination }.map(\.plannedFTE)
        #expect(staff.count == 2 && abs(staff[0] - 1.95) < 1e-9 && abs(staff[1] - 0.65) < 1e-9, "coordination FTE by antenna: \(staff)")
        #expect(try scenario(territoryScenario(archetype: "balanced", extra: """
            convergence: {date: 2026-01-01, antennas: {population_per_antenna: 100000}}
            """)).model.territories[0].convergence!.antennaShares == [0.5, 0.5])
        #expect(errorMessage(territoryScenario(archetype: "balanced", extra: """
            convergence: {date: 2026-01-01, antennas: [{name: A, population_share: 0.5}, {name: B, population_share: 0.4}]}
            """)).contains("the antennas' population shares must sum to 1 (they sum to 0.9)"))
    }

    /// Pas-de-Calais (1.46 million) in three antennas of its DAC, as HdF's DAC are, against one
    /// pooled queue at the same staff: queues that cannot lend each other their free places make
    /// people wait longer for coordination (paired runs). Case finding is off in both, so that the
    /// queues alone differ (antennas with room find situations while another antenna has a queue,
    /// which a pooled team does not); case management, saturated there, is too noisy in three years.
    @Test func antennasWaitLongerThanOnePooledQueue() async throws {
        let pooled = """
            territories:
              - name: Pas-de-Calais
                convergence: {antennas: {population_per_antenna: 100000000}}
            """
        let noFinding = "\ncase_finding: {rate_per_year: 0}"
        let a = try await summary(try shortened("region-hauts-de-france.yaml", pooled + noFinding), replications: 8)
        let b = try await summary(try shortened("region-hauts-de-france.yaml", noFinding), replications: 8)
        let waits = try row(a, b, "Pas-de-Calais", "coordination_wait_mean_days")
        #expect(waits.significant && waits.meanDifference > 0, "coordination waits: \(waits.meanDifference)")
        let fte = try row(a, b, "Pas-de-Calais", "case_management_fte")
        #expect(abs(fte.meanDifference) < 0.05 * fte.meanA, "case-management FTE: \(fte.meanDifference) of \(fte.meanA)")
    }
    /// Home visits take travel: at equal staff and demand, a DAC whose visits cover 45 km (a rural
    /// département) has less caseload time to spare (occupancy rises; HdF's case management is
    /// near saturation already), its case managers follow fewer people each, and it makes people
    /// wait longer than one covering the reference 25 km (paired runs); the travel added is two
    /// thirds of the radius each way at the travel speed, for each visit beyond the reference's.
    @Test func travelMakesRuralCaseloadsSmaller() async throws {
        let w = try shortened("staffing-hdf.yaml").model.workload
        let extra = w.hoursPerMonth(level: 3, pathway: .geriatric, intensity: .sustained, radiusKm: 45)
            - w.hoursPerMonth(level: 3, pathway: .geriatric, intensity: .sustained, radiusKm: 25)
        #expect(abs(extra - 1 * 2 * (2 * 20 / 3) / 50) < 1e-9, "\(extra) hours a month more for one visit a month")
        let urban = try await summary(try shortened("staffing-hdf.yaml"))
        let rural = try await summary(try shortened("staffing-hdf.yaml", """
            territories:
              - {name: Balanced 500k DAC, visit_radius_km: 45}
            """))
        let occupancy = try row(urban, rural, "Balanced 500k DAC", "case_management_occupancy")
        #expect(occupancy.significant && occupancy.meanDifference > 0, "case-management occupancy: \(occupancy.meanDifference)")
        let people = try row(urban, rural, "Balanced 500k DAC", "case_management_active_per_fte")
        #expect(people.significant && people.meanDifference < -0.05 * people.meanA, "people per case manager: \(people.meanDifference)")
        let waits = try row(urban, rural, "Balanced 500k DAC", "case_management_wait_mean_days")
        #expect(waits.significant && waits.meanDifference > 0, "case-management waits: \(waits.meanDifference)")
    }
    /// How hard a team looks follows its free time per inhabitant: in proportion below the full
    /// rate's density, capped at 1 above it, none with no free time; the same share free in a team
    /// twice as large for the same inhabitants looks twice as hard (a rule on the free share alone
    /// would not tell them apart).
    @Test func findingEffortFollowsFreeTimePerInhabitant() {
        let fte = 1607.0 / 12 * 60  // one FTE's minutes a month
        func effort(freeFTE: Double, people: Double = 100_000, fullRateAt: Double = 1) -> Double {
            CareSimulation.findingEffort(freeMinutesPerMonth: freeFTE * fte, fteMinutesPerMonth: fte, people: people,
                                         fullRateAt: fullRateAt)
        }
        #expect(abs(effort(freeFTE: 0.25) - 0.25) < 1e-12 && abs(effort(freeFTE: 0.5) - 0.5) < 1e-12)
        #expect(effort(freeFTE: 3) == 1 && effort(freeFTE: 0) == 0 && effort(freeFTE: 1, people: 0) == 0)
        #expect(abs(effort(freeFTE: 0.5, fullRateAt: 2) - 0.25) < 1e-12)
        // Half of 0.4 FTE free and half of 0.8 FTE free, for the same 100,000 inhabitants.
        #expect(abs(effort(freeFTE: 0.4) - 2 * effort(freeFTE: 0.2)) < 1e-12)
        #expect(abs(effort(freeFTE: 0.4, people: 200_000) - effort(freeFTE: 0.2)) < 1e-12)
    }

    /// Case finding: a case-management team with room finds level-3 needs nobody referred, in
    /// proportion to its free time per inhabitant. With Bretagne's staff at HdF's demand, it finds
    /// some, and fewer needs go unreferred than without it (paired); asked for four times the free
    /// time to look at full effort, the same team finds fewer; a team with no capacity finds none.
    @Test func aCaseManagementTeamWithRoomFindsNeedsNobodyReferred() async throws {
        let finding = try await summary(try shortened("staffing-hdf.yaml", Self.bretagneStaff))
        let none = try await summary(try shortened("staffing-hdf.yaml", Self.bretagneStaff + "\ncase_finding: {rate_per_year: 0}"))
        let found = try row(none, finding, "Balanced 500k DAC", "found_by_case_finding_per_year")
        #expect(found.meanA == 0 && found.meanB > 20, "found a year: \(found.meanB)")
        let notReferred = try row(none, finding, "Balanced 500k DAC", "not_referred_per_year")
        #expect(notReferred.significant && notReferred.meanDifference < 0, "not referred: \(notReferred.meanDifference)")
        let people = try row(none, finding, "Balanced 500k DAC", "case_management_active_per_fte")
        #expect(people.significant && people.meanDifference > 0, "people per case manager: \(people.meanDifference)")
        let slower = try await summary(try shortened("staffing-hdf.yaml",
                                                     Self.bretagneStaff + "\ncase_finding: {full_rate_at_free_fte_per_100k: 4}"))
        let effort = try row(finding, slower, "Balanced 500k DAC", "found_by_case_finding_per_year")
        #expect(effort.significant && effort.meanDifference < 0, "found a year with less effort: \(effort.meanDifference)")
        let empty = try await summary(try shortened("staffing-hdf.yaml", """
            territories:
              - name: Balanced 500k DAC
                convergence: {dac: {case_management: {fte_per_100k: 0}}}
            """), replications: 2)
        #expect(empty.values[0][empty.index(of: "found_by_case_finding_per_year")!].allSatisfy { $0 == 0 })
    }
    /// Mistakes in the new settings get one error naming the key: intensity shares that do not sum
    /// to 1, a misdirection reduction of 1 or more, a negative visit radius, no free time for case
    /// finding's full rate.
    @Test func badSettingsOfTheNewMechanismsAreNamed() {
        let shares = errorMessage(territoryScenario(archetype: "balanced").replacingOccurrences(of: "name: test", with: """
            name: test
            workload: {intensities: {level_2: {one_off: {share: 0.5}}}}
            """))
        #expect(shares.contains("workload.intensities.level_2") && shares.contains("must sum to 1"), "\(shares)")
        let reduction = errorMessage(territoryScenario(archetype: "balanced").replacingOccurrences(of: "name: test", with: """
            name: test
            outreach: {misdirection_reduction: 1}
            """))
        #expect(reduction.contains("outreach.misdirection_reduction"), "\(reduction)")
        let radius = errorMessage(territoryScenario(archetype: "balanced", extra: "visit_radius_km: -5"))
        #expect(radius.contains("visit_radius_km"), "\(radius)")
        let effort = errorMessage(territoryScenario(archetype: "balanced").replacingOccurrences(of: "name: test", with: """
            name: test
            case_finding: {full_rate_at_free_fte_per_100k: 0}
            """))
        #expect(effort.contains("case_finding.full_rate_at_free_fte_per_100k") && effort.contains("FTE per 100,000"), "\(effort)")
    }
}
