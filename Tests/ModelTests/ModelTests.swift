@testable import CareModel
import Experiments
import Foundation
import Reporting
import Scenarios
import Testing

@Suite struct ModelTests {
    @Test(arguments: ["desert", "medico-social", "sanitary", "balanced", "paerpa-pilot"])
    func everyPersonIsAccountedForInEveryArchetype(archetype: String) throws {
        let s = try scenario(territoryScenario(archetype: archetype, extra: "convergence: {date: 2027-01-01}"))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 3, replication: 0)
        let result = simulation.run()
        #expect(result.accountingErrors.isEmpty, "\(result.accountingErrors)")
        #expect(result.created == result.stillIn + result.exitedOverall)
        #expect(result.created > 1000)
        // Counted exits and those still in add up for what was observed, too.
        let o = result.territories[0].observations
        #expect(o.outcomes.values.reduce(0, +) > 0)
        #expect(o.requests.values.reduce(0, +) > 0)
    }

    /// A person who leaves gives their slot to the next person of the territory: the slots in
    /// memory are about those still in, not everyone created, and no result changes (an event
    /// pending for someone who left never reaches whoever holds their slot next).
    @Test func slotsOfPersonsWhoLeftAreReusedWithoutChangingResults() throws {
        let s = try scenario(territoryScenario(archetype: "balanced", extra: "convergence: {date: 2027-01-01}"))
        var reusing = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 8, replication: 1)
        var keeping = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 8, replication: 1)
        keeping.reusesSlots = false
        let a = reusing.run(), b = keeping.run()
        #expect(a.accountingErrors.isEmpty && b.accountingErrors.isEmpty)
        #expect(keeping.persons.count == b.created)
        #expect(reusing.persons.count < a.stillIn * 2, "\(reusing.persons.count) slots for \(a.stillIn) persons still in")
        #expect(a.created == b.created && a.stillIn == b.stillIn && a.events == b.events)
        #expect(a.territories.map(\.months) == b.territories.map(\.months))
        #expect(metricBits(a, observedYears: 2) == metricBits(b, observedYears: 2))
    }

    /// Counts kept in flat arrays by each enum's `index` are added back under the right key only
    /// if the index is the case's place in `allCases`.
    @Test func enumIndicesArePlacesInAllCases() {
        #expect(ReferralSource.allCases.map(\.index) == Array(ReferralSource.allCases.indices))
        #expect(Pathway.allCases.map(\.index) == Array(Pathway.allCases.indices))
        #expect(AgeBand.allCases.map(\.index) == Array(AgeBand.allCases.indices))
        #expect(Outcome.allCases.map(\.index) == Array(Outcome.allCases.indices))
        #expect(UnmetReason.allCases.map(\.index) == Array(UnmetReason.allCases.indices))
        #expect(RuptureKind.allCases.map(\.index) == Array(RuptureKind.allCases.indices))
    }

    @Test func archetypesSupplyTheirDevicesAndReadability() throws {
        let expected: [String: ([DeviceKind], Double)] = [
            "desert": ([.maia], 0.3),
            "medico-social": ([.clic, .maia], 0.45),
            "sanitary": ([.pta, .network], 0.45),
            "balanced": ([.clic, .maia, .pta, .network], 0.5),
            "paerpa-pilot": ([.cta, .maia, .network], 0.6),
        ]
        for (archetype, (kinds, readability)) in expected {
            let territory = try scenario(territoryScenario(archetype: archetype)).model.territories[0]
            #expect(territory.devices.map(\.kind) == kinds, "\(archetype)")
            #expect(territory.readability == readability, "\(archetype)")
            #expect(territory.convergence == nil, "\(archetype): no convergence without a date")
        }
        // Staff per 100,000 scale with the population (200,000 here): MAIA 1.6 per 100,000 in a desert.
        let desert = try scenario(territoryScenario(archetype: "desert")).model.territories[0]
        #expect(abs(desert.devices[0].caseManagement!.fte - 3.2) < 1e-9)
        #expect(desert.devices[0].ageBands == [.from60to74, .from75])
    }

    @Test func anyArchetypeValueCanBeOverridden() throws {
        let territory = try scenario(territoryScenario(archetype: "balanced", extra: """
            readability: 0.9
            turnover: {quits_per_year: 0.3}
            devices:
              - {name: Only PTA, kind: pta, coordination: {fte: 7}}
            """)).model.territories[0]
        #expect(territory.readability == 0.9)
        #expect(territory.turnover.quitsPerYear == 0.3)
        #expect(territory.turnover.rampUp == 182.625)  // the rest of turnover still comes from the defaults
        #expect(territory.devices.count == 1 && territory.devices[0].coordination!.fte == 7)
        #expect(territory.devices[0].coordination!.time[.caseloads] == 0.6)
    }

    /// Convergence frictions lower productivity, and with it real capacity, then wear off.
    @Test func convergenceFrictionsReduceCapacityThenRecover() throws {
        let s = try scenario(territoryScenario(archetype: "medico-social", horizon: "5 years", warmUp: "1 month", extra: """
            turnover: {quits_per_year: 0}
            convergence: {date: 2027-01-01}
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 5, replication: 0)
        let months = simulation.run().territories[0].months
        func at(_ label: String) -> MonthRecord { months.first { s.monthLabels[$0.month] == label }! }
        let before = at("2026-11"), just = at("2027-02"), long = at("2030-06")
        #expect(before.productivity == 1)
        #expect(just.productivity < 0.75)
        #expect(just.realCapacity < 0.8 * just.plannedCapacity)
        #expect(long.productivity == 1)
        #expect(abs(long.realCapacity - long.plannedCapacity) <= 2)  // rounding of each caseload
        #expect(at("2027-08").productivity > just.productivity)   // the launch recovers gradually
    }

    @Test func aStrongerSupportProgrammeSoftensFrictions() {
        let launch = Friction(productivity: 0.6, duration: 365, gradual: true)
        #expect(launch.multiplier(after: 0, programme: .none) == 0.6)
        #expect(launch.multiplier(after: 0, programme: .strong) > launch.multiplier(after: 0, programme: .light))
        #expect(launch.multiplier(after: 300, programme: .strong) == 1)  // 60% of the duration
        #expect(launch.multiplier(after: 300, programme: .none) < 1)
    }

    @Test func runsStartFromTodaysCaseloadsAndWaitLists() throws {
        let s = try scenario(territoryScenario(archetype: "desert", horizon: "2 months", warmUp: "0 days", extra: """
            devices:
              - {name: MAIA, kind: maia, case_management: {fte: 2, initial_active: 80, initial_waiting: 25}}
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 9, replication: 0)
        let result = simulation.run()
        #expect(result.accountingErrors.isEmpty)
        let first = result.territories[0].months[0]
        // 80 already followed in 2 x 40 places: the 25 waiting still wait after a month.
        #expect(first.caseManagementOccupied >= 75 && first.caseManagementWaitList >= 15)
    }

    @Test func resultsDoNotDependOnTheNumberOfJobsButOnTheSeed() async throws {
        let s = try scenario(territoryScenario(archetype: "balanced", extra: "convergence: {date: 2026-09-01}"))
        func files(seed: UInt64, jobs: Int) async throws -> [String] {
            let results = try await Experiment.run(s, replications: 4, seed: seed, jobs: jobs)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-jobs-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let writer = try ResultsWriter(directory: folder.path, overwrite: false)
            try writer.write(scenario: s, summary: ExperimentSummary(results, observedYears: 2), results: results, seed: seed,
                             version: "test", date: Date(timeIntervalSince1970: 0))
            return try ResultsWriter.files.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        }
        let one = try await files(seed: 1, jobs: 1), two = try await files(seed: 1, jobs: 2), three = try await files(seed: 1, jobs: 3)
        #expect(one == two && two == three)
        let other = try await files(seed: 2, jobs: 2)
        #expect(other[0] != one[0])
    }

    @Test func resultsAreNeverWrittenOverUnlessAsked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-keep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "mine".write(to: folder.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
        #expect(throws: ResultsWriter.Refusal.self) { _ = try ResultsWriter(directory: folder.path, overwrite: false) }
        #expect(try String(contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8) == "mine")
        _ = try ResultsWriter(directory: folder.path, overwrite: true)
    }
}

@Suite struct WaitAccountingTests {
    /// Nobody is ever admitted (no staff), people die at 2 a year: most waits pass the 30-day
    /// threshold before death or the end, and each of those is one long-wait rupture.
    @Test func longWaitsThatNeverEndInAdmissionAreRuptures() throws {
        let s = try scenario(territoryScenario(archetype: "desert", horizon: "3 years", warmUp: "1 year", extra: """
            devices:
              - {name: MAIA, kind: maia, case_management: {fte: 0}}
            """).replacingOccurrences(of: "name: test", with: """
            name: test
            targets: {target_delay: 30 days, rupture_wait: 30 days}
            persons:
              level3_share: 1                # case management admits level 3 alone
              level3: {easing_per_year: 0, hospitalisation_per_year: 0, nursing_home_per_year: 0, death_per_year: 2, moving_per_year: 0}
              level2: {aggravation_per_year: 0, hospitalisation_per_year: 0, nursing_home_per_year: 0, death_per_year: 2, moving_per_year: 0}
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 8, replication: 0)
        let o = simulation.run().territories[0].observations
        // Everyone asked about waits until death or the end: a need is unmet by dying first, or
        // by passing the target (30 days, the rupture threshold too) while waiting.
        let waiting = Double((o.unmet[.diedWaiting] ?? 0) + (o.unmet[.waitedBeyondTarget] ?? 0))
        let longWaits = Double(o.ruptures[.longWait] ?? 0)
        // P(surviving 30 days at 2 a year) = 0.85 of them waited past the threshold; the
        // still-waiting at the end add to that.
        #expect(waiting > 50)
        #expect(longWaits > 0.75 * waiting, "\(longWaits) long-wait ruptures for \(waiting) unmet needs of people waiting")
    }

    /// A warm-up ending on a month's first day leaves the month before it out of the series.
    @Test func monthlySeriesStartsWithTheFirstObservedMonth() throws {
        let s = try scenario(territoryScenario(archetype: "balanced", horizon: "2 years", warmUp: "365 days"))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 1, replication: 0)
        let months = simulation.run().territories[0].months
        #expect(months.map { s.monthLabels[$0.month] }.first == "2027-01")
        #expect(months.count == 12)
        #expect(months.allSatisfy { $0.requests > 0 })
    }
}
