import Foundation

/// Units a planner writes, turned into the model's: time in days.
public enum Quantity {
    public static let daysPerYear = 365.25
    public static let daysPerMonth = daysPerYear / 12

    static let units: [(names: [String], days: Double)] = [
        (["min", "mins", "minute", "minutes"], 1.0 / 1440),
        (["h", "hour", "hours"], 1.0 / 24),
        (["d", "day", "days"], 1),
        (["w", "week", "weeks"], 7),
        (["month", "months"], daysPerMonth),
        (["y", "year", "years"], daysPerYear),
    ]

    /// "48h", "3 days", "1.5 years" in days; nil when the text is not a number and a unit.
    public static func days(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let split = trimmed.firstIndex(where: { $0.isLetter }) else { return nil }
        let number = trimmed[..<split].trimmingCharacters(in: .whitespaces)
        let unit = trimmed[split...].lowercased()
        guard let x = Double(number), x.isFinite,
              let factor = units.first(where: { $0.names.contains(unit) })?.days else { return nil }
        return x * factor
    }

    /// The number of calendar months "3 months" or "2 years" says, when it is a whole number of
    /// months or years; nil for any other duration.
    public static func wholeMonths(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let split = trimmed.firstIndex(where: { $0.isLetter }) else { return nil }
        let unit = trimmed[split...].lowercased()
        guard let x = Double(trimmed[..<split].trimmingCharacters(in: .whitespaces)), x.isFinite, x.rounded() == x,
              abs(x) < 1e6 else { return nil }
        if ["month", "months"].contains(unit) { return Int(x) }
        if ["y", "year", "years"].contains(unit) { return Int(x) * 12 }
        return nil
    }

    /// "between 0 and 1", ">= 0", "from 0.1 to 1000": the words after "expected a number ...".
    static func describe(_ range: ClosedRange<Double>) -> String {
        func n(_ x: Double) -> String { String(format: "%g", x) }
        switch (range.lowerBound.isFinite, range.upperBound.isFinite) {
        case (true, true): return range == 0...1 ? "between 0 and 1" : "from \(n(range.lowerBound)) to \(n(range.upperBound))"
        case (true, false): return ">= \(n(range.lowerBound))"
        case (false, true): return "<= \(n(range.upperBound))"
        case (false, false): return ""
        }
    }
}

/// A day of the proleptic Gregorian calendar, for run starts, convergence dates and holidays.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...CalendarDate.daysIn(month: m, year: y)).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init(year: Int, month: Int, day: Int) {
        // Days from civil (H. Hinnant's algorithm): exact for any Gregorian date.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    init(dayNumber: Int) { self.dayNumber = dayNumber }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// The same day `months` calendar months later (or earlier), or the last day of that month
    /// when it is shorter (2024-02-29 plus 12 months is 2025-02-28).
    public func adding(months: Int) -> CalendarDate {
        let (y, m, d) = components
        let index = y * 12 + (m - 1) + months
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        return CalendarDate(year: year, month: month, day: min(d, CalendarDate.daysIn(month: month, year: year)))
    }

    public func days(since other: CalendarDate) -> Int { dayNumber - other.dayNumber }

    /// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber + 3) % 7 + 7) % 7 }

    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var description: String {
        let (y, m, d) = components
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
