import CareModel
import Scenarios
import Testing

/// Horizons, warm-ups, months and years fall on the calendar's dates, not on multiples of 365.25 days.
@Suite struct CalendarBoundaryTests {
    func months(_ yaml: String, seed: UInt64 = 1) throws -> (Scenario, [MonthRecord]) {
        let s = try scenario(yaml)
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: seed, replication: 0)
        let result = simulation.run()
        #expect(result.accountingErrors.isEmpty)
        return (s, result.territories[0].months)
    }

    /// `end: 2028-12-31` runs to midnight after that day, and December 2028 is in the series.
    @Test func anEndDateHorizonCoversItsLastDay() throws {
        let (s, months) = try months(territoryScenario(archetype: "balanced", horizon: "1 year", warmUp: "1 year")
            .replacingOccurrences(of: "horizon: 1 year", with: "end: 2028-12-31"))
        #expect(s.run.horizon == 1096)  // 2026, 2027 and 2028 (a leap year)
        let labels = months.map { s.monthLabels[$0.month] }
        #expect(labels.first == "2027-01" && labels.last == "2028-12")
        #expect(labels.count == 24)
        #expect(months.allSatisfy { $0.requests > 0 })
    }

    /// Whole years and months are calendar years and months: "3 years" from 2026-01-01 keeps
    /// December 2028, which 3 x 365.25 days lost.
    @Test func wholeYearsAreCalendarYears() throws {
        let (s, months) = try months(territoryScenario(archetype: "balanced", horizon: "3 years", warmUp: "2 years"))
        #expect(s.run.horizon == 1096 && s.run.warmUp == 730)
        #expect(months.map { s.monthLabels[$0.month] } == (1...12).map { String(format: "2028-%02d", $0) })
        #expect(months.last!.requests > 0)
    }

    /// A horizon inside a month keeps that month, partly observed.
    @Test func aHorizonInsideAMonthKeepsThatMonth() throws {
        let (s, months) = try months(territoryScenario(archetype: "balanced", horizon: "1 year", warmUp: "2 months")
            .replacingOccurrences(of: "horizon: 1 year", with: "end: 2026-06-15"))
        #expect(s.run.horizon == 166)
        #expect(months.map { s.monthLabels[$0.month] } == ["2026-03", "2026-04", "2026-05", "2026-06"])
        #expect(months.last!.requests > 0 && months.last!.requests < months[2].requests)
    }

    /// A convergence at midnight on the 1st of January is in January's record, not December's:
    /// frictions lower productivity from that month on.
    @Test func aConvergenceOnTheFirstBelongsToThatMonth() throws {
        let (s, months) = try months(territoryScenario(archetype: "medico-social", horizon: "2 years", warmUp: "1 month", extra: """
            turnover: {quits_per_year: 0}
            convergence: {date: 2027-01-01}
            """))
        func at(_ label: String) -> MonthRecord { months.first { s.monthLabels[$0.month] == label }! }
        #expect(at("2026-12").productivity == 1)
        #expect(at("2027-01").productivity < 1)
    }

    @Test func runSectionMistakesAreNamed() {
        let base = territoryScenario(archetype: "balanced")
        #expect(errorMessage(base.replacingOccurrences(of: "horizon: 3 years", with: "horizon: 3 years, end: 2028-12-31"))
                == "test.yaml:2: run.end: horizon and end are alternatives: write one of them, not both")
        #expect(errorMessage(base.replacingOccurrences(of: "horizon: 3 years", with: "end: 2025-12-31"))
                == "test.yaml:2: run.end: the last day (2025-12-31) comes before the start (2026-01-01)")
        #expect(errorMessage(base.replacingOccurrences(of: "horizon: 3 years", with: "end: 2028-02-30"))
                == "test.yaml:2: run.end: expected a date written YYYY-MM-DD, found \"2028-02-30\"")
        #expect(errorMessage(base.replacingOccurrences(of: "horizon: 3 years, ", with: ""))
                .hasPrefix("test.yaml:2: run.horizon: missing; expected the simulated duration"))
    }

    @Test func calendarMonthsKeepTheDayOrTheMonthsLast() {
        let d = CalendarDate(year: 2024, month: 2, day: 29)
        #expect(d.adding(months: 12).description == "2025-02-28")
        #expect(d.adding(months: 48).description == "2028-02-29")
        #expect(CalendarDate(year: 2026, month: 1, day: 31).adding(months: 1).description == "2026-02-28")
        #expect(CalendarDate(year: 2026, month: 3, day: 15).adding(months: -3).description == "2025-12-15")
        #expect(Quantity.wholeMonths("2 years") == 24 && Quantity.wholeMonths("3 months") == 3)
        #expect(Quantity.wholeMonths("1.5 years") == nil && Quantity.wholeMonths("30 days") == nil)
    }
}
