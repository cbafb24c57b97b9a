@testable import CareModel
import Experiments
import Foundation
import Randomness
import Scenarios
import TestSupport
import Testing

/// Convergence as it happens: devices that stay out or join later, and staff leaving around it.
@Suite struct ConvergenceTests {
    static let noFrictions = """
        launch: {productivity: 1, recovery: 1 day}
        role_conflicts: {productivity: 1, duration: 1 day}
        information_system: {productivity: 1, duration: 1 day}
        training: {productivity: 1, duration: 1 day}
        """

    /// A CLIC staying under the département council keeps its share of first contacts after the
    /// DAC opens; what GPs asked of the PTA that merged, they ask the DAC. By default GPs ask the
    /// PTA 0.35, the CLIC 0.15, and kinds this territory lacks (MAIA, CTA, network) the rest, which
    /// goes to nobody, before convergence as after: the CLIC keeps 0.15 / 0.5.
    @Test func aDeviceThatStaysOutKeepsItsShareOfFirstContacts() throws {
        let s = try PersonPathTests().pathScenario(territory: """
            devices:
              - {name: C, kind: clic, joins: false, coordination: {fte: 50}}
              - {name: P, kind: pta, coordination: {fte: 50}}
            convergence:
              date: 2027-01-01
              dac: {coordination: {fte: 50}}
            """, horizon: "3 years")
        var shares: [Double] = []
        for replication in 0..<10 {
            var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 3, replication: replication)
            simulation.reusesSlots = false  // every person created stays to be looked at
            let result = simulation.run()
            #expect(result.accountingErrors.isEmpty)
            let after = simulation.persons.filter { $0.device >= 0 && $0.referredAt > 400 }
                .map { simulation.devices[Int($0.device)].config.name }
            #expect(!after.contains("P"))
            shares.append(Double(after.filter { $0 == "C" }.count) / Double(after.count))
            #expect(simulation.devices.first { $0.config.name == "C" }!.active)
        }
        PersonPathTests().check(shares, 0.3, "share of first contacts reaching the CLIC after convergence")
    }

    /// Staged convergence: C merges when the DAC opens (1 January 2027), P on 1 July. The DAC's
    /// 10 coordination posts: C's 4 staff move over at once, 3 posts wait for P's 3 staff, and
    /// the other 3 are recruited after a year. Once P has joined, nobody is left at P.
    @Test func aDeviceJoiningLaterMergesAtItsDateAndItsStaffTakeThePostsHeldForThem() throws {
        let s = try PersonPathTests().pathScenario(territory: """
            turnover: {quits_per_year: 0, hiring_delay: {deterministic: 1 year}, ramp_up: 0 days}
            support_programme: none
            devices:
              - {name: C, kind: clic, coordination: {fte: 4}}
              - {name: P, kind: pta, joins: 2027-07-01, coordination: {fte: 3}}
            routing:
              gp: {clic: 0.5, pta: 0.5}
            convergence:
              date: 2027-01-01
              dac: {front_desk: {staff: 0}, coordination: {fte: 10}, case_management: {fte: 0}}
            \(Self.noFrictions.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """, horizon: "3 years")
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 4, replication: 0)
        let result = simulation.run()
        #expect(result.accountingErrors.isEmpty)
        let months = result.territories[0].months
        func capacity(_ label: String) -> Double { months.first { s.monthLabels[$0.month] == label }!.realCapacity }
        let h = 1607.0 / 12 * 0.6  // caseload hours a month of one coordination FTE
        #expect(abs(capacity("2027-03") - 7 * h) < 0.05, "DAC 4 in post, P 3 still outside")
        #expect(abs(capacity("2027-08") - 7 * h) < 0.05, "P's 3 in the posts held for them")
        #expect(abs(capacity("2028-02") - 10 * h) < 0.05, "the other 3 hired after a year")
        let p = simulation.devices.firstIndex { $0.config.name == "P" }!
        #expect(!simulation.devices[p].active)
        #expect(!simulation.persons.contains { $0.place != .gone && $0.pool >= 0 && simulation.poolDevice[Int($0.pool)] == p })
    }

    /// A DAC that existed before the run holds posts for a device joining later: until it joins,
    /// the DAC has 7 of its 10 posts filled and the device its own 3; then the device's 3 fill
    /// the DAC's 3 held posts. Nobody is counted twice, nobody lost.
    @Test func aDACFromBeforeTheRunHoldsPostsForADeviceJoiningLater() throws {
        let s = try PersonPathTests().pathScenario(territory: """
            turnover: {quits_per_year: 0, hiring_delay: {deterministic: 1 year}, ramp_up: 0 days}
            support_programme: none
            devices:
              - {name: P, kind: pta, joins: 2027-07-01, coordination: {fte: 3}}
            convergence:
              date: 2025-01-01
              dac: {front_desk: {staff: 0}, coordination: {fte: 10}, case_management: {fte: 0}}
            \(Self.noFrictions.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """, horizon: "3 years")
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 4, replication: 0)
        let result = simulation.run()
        #expect(result.accountingErrors.isEmpty)
        let months = result.territories[0].months
        func capacity(_ label: String) -> Double { months.first { s.monthLabels[$0.month] == label }!.realCapacity }
        let h = 1607.0 / 12 * 0.6
        #expect(abs(capacity("2027-03") - 10 * h) < 0.05, "DAC 7, P 3: \(capacity("2027-03") / h)")
        #expect(abs(capacity("2027-08") - 10 * h) < 0.05, "DAC 10 after P joined: \(capacity("2027-08") / h)")
    }

    /// A DAC dated on the run's first day opens then, after the spin-up: it recruits its posts.
    @Test func aDACOpeningOnTheFirstDayRecruits() throws {
        let s = try PersonPathTests().pathScenario(overlay: "run: {warm_up: 0 days}", territory: """
            turnover: {quits_per_year: 0, hiring_delay: {deterministic: 6 months}, ramp_up: 0 days}
            support_programme: none
            devices:
              - {name: P, kind: pta, coordination: {fte: 2}}
            convergence:
              date: 2026-01-01
              dac: {front_desk: {staff: 0}, coordination: {fte: 6}, case_management: {fte: 0}}
            \(Self.noFrictions.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """, horizon: "2 years")
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 4, replication: 0)
        let months = simulation.run().territories[0].months
        func capacity(_ label: String) -> Double { months.first { s.monthLabels[$0.month] == label }!.realCapacity }
        let h = 1607.0 / 12 * 0.6
        #expect(abs(capacity("2026-03") - 2 * h) < 0.05, "P's 2 moved over, 4 posts vacant: \(capacity("2026-03") / h)")
        #expect(abs(capacity("2026-08") - 6 * h) < 0.05)
    }

    /// Quits three times as frequent for a year from the DAC's opening leave more posts vacant
    /// that year (hiring takes 6 months): less real capacity than with quits at their usual rate.
    @Test func turnoverRisesAroundTheConvergence() async throws {
        func meanCapacityInTheYearAfter(_ multiplier: Double) async throws -> [Double] {
            let s = try PersonPathTests().pathScenario(territory: """
                turnover: {quits_per_year: 0.3, hiring_delay: {deterministic: 6 months}, ramp_up: 0 days,
                           around_convergence: {multiplier: \(multiplier), before: 0 days, after: 1 year}}
                support_programme: none
                devices:
                  - {name: P, kind: pta, coordination: {fte: 20}}
                convergence:
                  date: 2027-01-01
                  dac: {coordination: {fte: 20}}
                \(Self.noFrictions.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                """, horizon: "3 years")
            let results = try await Experiment.run(s, replications: 10, seed: 6, jobs: 2)
            return results.map { r in
                let year = r.territories[0].months.filter { s.monthLabels[$0.month].hasPrefix("2027") }
                return year.map(\.realCapacity).reduce(0, +) / Double(year.count)
            }
        }
        let usual = try await meanCapacityInTheYearAfter(1), raised = try await meanCapacityInTheYearAfter(3)
        let difference = ConfidenceInterval(zip(usual, raised).map { $0 - $1 }, level: 0.95)
        #expect(difference.mean - difference.halfWidth > 0, "capacity lost to the raised quits: \(difference.mean) ± \(difference.halfWidth)")
    }

    /// The support programme shortens the period of raised quits as it shortens frictions.
    @Test func theSupportProgrammeShortensThePeriodOfRaisedQuits() throws {
        func period(_ programme: String) throws -> ClosedRange<Double> {
            let s = try scenario(territoryScenario(archetype: "balanced", extra: """
                support_programme: \(programme)
                convergence: {date: 2027-01-01}
                """))
            return CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 1, replication: 0).turnoverPeriod(territory: 0)
        }
        let none = try period("none"), strong = try period("strong")
        #expect(abs((none.upperBound - none.lowerBound) - 1.5 * 365.25) < 1e-9)
        #expect(abs((strong.upperBound - strong.lowerBound) - 0.6 * 1.5 * 365.25) < 1e-9)
    }

    @Test func badJoinsAreRefusedWithTheirLine() throws {
        let before = errorMessage(territoryScenario(archetype: "balanced", extra: """
            convergence: {date: 2027-01-01}
            devices:
              - {name: P, kind: pta, joins: 2026-06-01, coordination: {fte: 2}}
            """))
        #expect(before.contains("joins") && before.contains("before the DAC opens"), "\(before)")
        let word = errorMessage(territoryScenario(archetype: "balanced", extra: """
            convergence: {date: 2027-01-01}
            devices:
              - {name: P, kind: pta, joins: maybe, coordination: {fte: 2}}
            """))
        #expect(word.contains("joins: expected true or false"), "\(word)")
    }
}
