/// When a pool of servers works: opening hours per day of the week, and days off.
///
/// The calendar reads simulation time as days since the run's start (day 0 begins at midnight);
/// `startWeekday` says which day of the week day 0 is (0 = Monday ... 6 = Sunday).
public struct WorkingCalendar: Sendable, Equatable {
    /// Opening hours per day of the week, Monday first, as half-open ranges of hours in [0, 24].
    public let hours: [[Range<Double>]]
    public let startWeekday: Int
    /// Days (indices since the start) on which nothing opens.
    public let holidays: Set<Int>
    /// The same days as bits from the first of them: `isOpen`, called at every admission to a
    /// pool with opening hours, then looks a day up without hashing it.
    private let holidayBase: Int
    private let holidayBits: [UInt64]

    public init(hours: [[Range<Double>]], startWeekday: Int, holidays: Set<Int> = []) {
        precondition(hours.count == 7, "opening hours are given for each of the 7 days of the week")
        precondition((0..<7).contains(startWeekday), "startWeekday is 0 (Monday) to 6 (Sunday)")
        precondition(hours.joined().allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= 24 },
                     "opening hours lie within the day")
        precondition(hours.joined().contains { !$0.isEmpty }, "a calendar must open at some time")
        self.hours = hours.map { $0.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound } }
        self.startWeekday = startWeekday
        self.holidays = holidays
        holidayBase = holidays.min() ?? 0
        var bits = [UInt64](repeating: 0, count: holidays.isEmpty ? 0 : (holidays.max()! - holidayBase) / 64 + 1)
        for day in holidays { bits[(day - holidayBase) / 64] |= 1 << UInt64((day - holidayBase) % 64) }
        holidayBits = bits
    }

    func isHoliday(_ day: Int) -> Bool {
        let offset = day &- holidayBase
        guard offset >= 0 && offset < holidayBits.count * 64 else { return false }
        return holidayBits[offset / 64] & 1 << UInt64(offset % 64) != 0
    }

    /// The same hours on the given days of the week (0 = Monday), closed on the others.
    public init(openOn weekdays: Set<Int>, from open: Double, to close: Double, startWeekday: Int, holidays: Set<Int> = []) {
        precondition(open < close, "a calendar opens before it closes within a day")
        self.init(hours: (0..<7).map { weekdays.contains($0) ? [open..<close] : [] },
                  startWeekday: startWeekday, holidays: holidays)
    }

    public func weekday(ofDay day: Int) -> Int { ((startWeekday + day) % 7 + 7) % 7 }

    /// The number of the day `time` falls in: by truncation, corrected below zero
    /// (`rounded(.down)` calls the C library).
    static func day(of time: Double) -> Int {
        let truncated = Int(time)
        return Double(truncated) > time ? truncated - 1 : truncated
    }

    public func isOpen(at time: Double) -> Bool {
        let day = Self.day(of: time)
        guard !isHoliday(day) else { return false }
        return hours[weekday(ofDay: day)].contains { range in
            let (open, close) = bounds(of: range, onDay: day)
            return open <= time && time < close
        }
    }

    /// Opening and closing times as simulation times. `isOpen` and `nextOpening` both use this,
    /// so that the opening `nextOpening` gives is open to the last bit.
    func bounds(of range: Range<Double>, onDay day: Int) -> (open: Double, close: Double) {
        (Double(day) + range.lowerBound / 24, Double(day) + range.upperBound / 24)
    }

    /// `time` itself when open, else the start of the next opening. Nil only when a year
    /// of holidays leaves no opening at all.
    public func nextOpening(atOrAfter time: Double) -> Double? {
        let first = Self.day(of: time)
        for day in first..<(first + 366) where !isHoliday(day) {
            for range in hours[weekday(ofDay: day)] {
                let (open, close) = bounds(of: range, onDay: day)
                if time < close { return max(time, open) }
            }
        }
        return nil
    }
}
