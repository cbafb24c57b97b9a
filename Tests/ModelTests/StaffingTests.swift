import CareModel
import Scenarios
import Testing

@Suite struct StaffingTests {
    /// Caseload hours a month one case manager gives: 1,607 hours a year, 75% on caseloads.
    static let h = 1607.0 / 12 * 0.75

    /// A staffing change adds posts whose new holders ramp up; the staff already there do not.
    @Test func newPostsRampUpWhileStaffInPostKeepWorking() throws {
        let s = try scenario(territoryScenario(archetype: "desert", horizon: "2 years", warmUp: "1 month", extra: """
            turnover: {quits_per_year: 0, ramp_up: 6 months}
            devices:
              - name: MAIA
                kind: maia
                case_management: {fte: 2}
                staffing: [{date: 2027-01-01, role: case_management, fte: 4}]
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 2, replication: 0)
        let months = simulation.run().territories[0].months
        func at(_ label: String) -> MonthRecord { months.first { s.monthLabels[$0.month] == label }! }
        let h = Self.h
        #expect(abs(at("2026-12").realCapacity - 2 * h) < 0.02)
        // At the end of January: 2 posts at full speed, 2 new holders one month into six.
        #expect(abs(at("2027-01").plannedCapacity - 4 * h) < 0.02)
        #expect(abs(at("2027-01").realCapacity - (2 * h + 2 * h * (31.0 / 182.625))) < 0.02)
        #expect(abs(at("2027-09").realCapacity - 4 * h) < 0.02)
    }

    /// Staff who quit leave their post vacant for the hiring delay: real capacity falls below
    /// planned, and paid FTE below the posts.
    @Test func turnoverLeavesPostsVacant() throws {
        let s = try scenario(territoryScenario(archetype: "desert", horizon: "4 years", warmUp: "1 year", extra: """
            turnover: {quits_per_year: 0.5, hiring_delay: {deterministic: 6 months}, ramp_up: 0 days}
            devices:
              - {name: MAIA, kind: maia, case_management: {fte: 10}}
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 3, replication: 0)
        let result = simulation.run().territories[0]
        let real = result.months.map(\.realCapacity).reduce(0, +) / Double(result.months.count)
        // Each post is vacant 6 months after each quit, quits coming at 0.5 a year while filled:
        // the share filled is 1 / (1 + 0.5 x 0.5) = 0.8.
        #expect(real > 0.7 * 10 * Self.h && real < 0.9 * 10 * Self.h, "mean real capacity \(real)")
        #expect(result.paidFTE[.caseManagement]! < 9.5)
    }

    /// A DAC opening mid-run takes over the merged devices' staff in post (2 FTE of case
    /// management) and recruits the rest of its 6 posts: each vacant for a 3-month hiring delay,
    /// then ramping up over 6 months. Frictions are off, so only recruitment holds capacity back.
    @Test func aNewDACRecruitsThePostsNobodyBringsOver() throws {
        let s = try scenario(territoryScenario(archetype: "desert", horizon: "3 years", warmUp: "1 month", extra: """
            turnover: {quits_per_year: 0, hiring_delay: {deterministic: 3 months}, ramp_up: 6 months}
            support_programme: none
            devices:
              - {name: MAIA, kind: maia, case_management: {fte: 2}}
            convergence:
              date: 2027-01-01
              dac: {front_desk: {staff: 0}, coordination: {fte: 0}, case_management: {fte: 6}}
              launch: {productivity: 1, recovery: 1 day}
              role_conflicts: {productivity: 1, duration: 1 day}
              information_system: {productivity: 1, duration: 1 day}
              training: {productivity: 1, duration: 1 day}
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 2, replication: 0)
        let months = simulation.run().territories[0].months
        func at(_ label: String) -> MonthRecord { months.first { s.monthLabels[$0.month] == label }! }
        // 6 posts planned, 2 in post at the end of January.
        let h = Self.h
        #expect(abs(at("2027-01").plannedCapacity - 6 * h) < 0.02)
        #expect(abs(at("2027-01").realCapacity - 2 * h) < 0.02)
        // Hired 3 months (91.3 days) after 1 January, the 4 new holders are 28.7 days into their
        // 182.6-day ramp-up at the end of April (day 120).
        #expect(abs(at("2027-04").realCapacity - (2 * h + 4 * h * ((120 - 3 * 365.25 / 12) / 182.625))) < 0.02)
        #expect(abs(at("2027-12").realCapacity - 6 * h) < 0.02)
    }
}
