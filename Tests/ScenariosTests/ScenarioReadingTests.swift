import Foundation
import Scenarios
import TestSupport
import Testing

/// Scenario files are read with one clear message per mistake: file, line, key path, expectation.
@Suite struct ScenarioReadingTests {
    func run(_ yaml: String, file: String = "s.yaml") throws -> RunSettings {
        var root = try Field(ScenarioValue.parse(yaml, file: file), keyPath: "").mapping()
        let settings = try RunSettings.read(root.required("run", "the run settings"))
        try root.finish()
        return settings
    }

    func message(_ yaml: String) -> String {
        do {
            _ = try run(yaml)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func aGoodRunSectionIsRead() throws {
        let settings = try run("""
            run:
              start: 2026-01-01
              horizon: 10 years
              warm_up: 6 months
              replications: 30
              seed: 42
            """)
        #expect(settings.start == CalendarDate(year: 2026, month: 1, day: 1))
        #expect(settings.horizon == 3652)  // to 2036-01-01: calendar years, two of them leap years
        #expect(settings.warmUp == 181)
        #expect(settings.replications == 30 && settings.seed == 42)
        #expect(settings.resultsStart.description == "2026-07-01")
    }

    @Test func unknownKeysAreRejectedWithTheExpectedOnes() {
        #expect(message("run:\n  start: 2026-01-01\n  horizon: 1 year\n  seeds: 4\n")
                == "s.yaml:4: run.seeds: unknown key; expected one of start, horizon, end, warm_up, spin_up, replications, seed, precision, max_replications")
        #expect(message("run:\n  start: 2026-01-01\n  horizon: 1 year\nterritories: []\n")
                == "s.yaml:4: territories: unknown key; expected one of run")
    }

    @Test func missingKeysSayWhatIsExpected() {
        #expect(message("run:\n  start: 2026-01-01\n")
                == "s.yaml:2: run.horizon: missing; expected the simulated duration, such as \"10 years\", or the last day as end: YYYY-MM-DD")
    }

    @Test func wrongTypesQuoteWhatWasWritten() {
        #expect(message("run:\n  start: 2026-01-01\n  horizon: 1 year\n  replications: many\n")
                == "s.yaml:4: run.replications: expected a number of replications from 1 to 100000, found \"many\"")
        #expect(message("run: [1, 2]\n") == "s.yaml:1: run: expected a mapping of keys to values, found a list")
    }

    @Test func outOfRangeValuesGiveTheRange() {
        #expect(message("run:\n  start: 2026-01-01\n  horizon: 1 year\n  replications: 0\n")
                == "s.yaml:4: run.replications: expected a number of replications from 1 to 100000, found \"0\"")
        #expect(message("run:\n  start: 2026-01-01\n  horizon: -2 years\n")
                == "s.yaml:3: run.horizon: expected a duration >= 0 days, found \"-2 years\"")
    }

    @Test func durationsNeedAUnit() {
        #expect(message("run:\n  start: 2026-01-01\n  horizon: 10\n")
                == "s.yaml:3: run.horizon: expected a duration with a unit, such as \"48h\", \"10 days\", \"3 months\" or \"2 years\", found \"10\"")
        #expect(Quantity.days("48h") == 2)
        #expect(Quantity.days("2 weeks") == 14)
        #expect(Quantity.days("90 min") == 0.0625)
        #expect(Quantity.days("3 fortnights") == nil)
    }

    @Test func impossibleDatesAreRejected() {
        #expect(message("run:\n  start: 2026-02-30\n  horizon: 1 year\n")
                == "s.yaml:2: run.start: expected a date written YYYY-MM-DD, found \"2026-02-30\"")
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2023-02-29") == nil)
    }

    @Test func inconsistentDatesAreRejected() {
        #expect(message("run:\n  start: 2026-01-01\n  horizon: 1 year\n  warm_up: 2 years\n")
                == "s.yaml:4: run.warm_up: the warm-up (730 days) must end before the horizon (365 days), or no result would be kept")
    }

    @Test func aWarmUpLongerThanAnyHorizonIsAnErrorNotACrash() {
        #expect(message("run:\n  start: 2026-01-01\n  horizon: 1 year\n  warm_up: 1000000000000000000000 years\n")
                == "s.yaml:4: run.warm_up: expected a duration from 0 to 73050 days, found \"1000000000000000000000 years\"")
    }

    @Test func yamlSyntaxErrorsGiveTheLine() {
        let text = message("run:\n  start: 2026-01-01\n  horizon: [1 year\n")
        #expect(text.hasPrefix("s.yaml:4: not valid YAML"), "\(text)")
    }

    @Test func keysWrittenTwiceAreRejected() {
        #expect(message("run:\n  start: 2026-01-01\n  start: 2026-02-01\n  horizon: 1 year\n")
                == "s.yaml:2: not valid YAML: the mapping starting here has a key written twice (start)")
    }

    @Test func calendarDatesRoundTripAndKnowTheirWeekday() {
        let date = CalendarDate(year: 2026, month: 11, day: 23)
        #expect(date.weekday == 0)  // a Monday
        #expect(date.description == "2026-11-23")
        #expect(CalendarDate(year: 2000, month: 3, day: 1).days(since: CalendarDate(year: 2000, month: 2, day: 28)) == 2)
        for n in stride(from: -700_000, through: 2_900_000, by: 997) {  // years 53 to 9909
            let d = CalendarDate(year: 1970, month: 1, day: 1).adding(days: n)
            #expect(CalendarDate(d.description) == d)
        }
    }
}

@Suite final class ExtendsTests {
    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("dacsim-extends")
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }

    @Test func anExtendingFileOverridesTheBaseKeyByKey() throws {
        _ = try write("base.yaml", "run:\n  start: 2026-01-01\n  horizon: 5 years\n  seed: 7\n")
        let child = try write("child.yaml", "extends: base.yaml\nrun:\n  horizon: 10 years\n")
        var root = try Field(ScenarioValue.load(file: child), keyPath: "").mapping()
        let settings = try RunSettings.read(root.required("run", "run settings"))
        #expect(settings.horizon == 3652 && settings.seed == 7)
    }

    @Test func errorsInInheritedValuesPointToTheFileThatHoldsThem() throws {
        let base = try write("base.yaml", "run:\n  start: 2026-13-01\n  horizon: 5 years\n")
        let child = try write("child.yaml", "extends: base.yaml\nrun:\n  seed: 3\n")
        var root = try Field(ScenarioValue.load(file: child), keyPath: "").mapping()
        #expect(throws: ScenarioError(SourceLocation(file: base, line: 2), keyPath: "run.start",
                                      "expected a date written YYYY-MM-DD, found \"2026-13-01\"")) {
            _ = try RunSettings.read(root.required("run", "run settings"))
        }
    }

    @Test func aMissingBaseOrACycleIsReportedWhereExtendsIsWritten() throws {
        let child = try write("child.yaml", "run: {}\nextends: nowhere.yaml\n")
        #expect(throws: ScenarioError(SourceLocation(file: child, line: 2), keyPath: "extends",
                                      "cannot read nowhere.yaml: cannot read the file (no such file)")) {
            _ = try ScenarioValue.load(file: child)
        }
        let a = try write("a.yaml", "extends: b.yaml\n")
        _ = try write("b.yaml", "extends: a.yaml\n")
        #expect {
            _ = try ScenarioValue.load(file: a)
        } throws: { error in
            "\(error)".contains("extends itself")
        }
    }
}
