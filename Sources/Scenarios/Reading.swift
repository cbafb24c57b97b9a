/// A value at a key path, with typed readers that throw one clear `ScenarioError` each.
public struct Field: Sendable {
    public let value: ScenarioValue
    public let keyPath: String

    public init(_ value: ScenarioValue, keyPath: String) {
        self.value = value
        self.keyPath = keyPath
    }

    public var location: SourceLocation { value.location }

    public func error(_ message: String) -> ScenarioError {
        ScenarioError(value.location, keyPath: keyPath, message)
    }

    /// Fails with "expected ..., found ..." quoting what was written.
    public func mismatch(_ expected: String) -> ScenarioError {
        error("expected \(expected), found \(found)")
    }

    var found: String {
        switch value.content {
        case .scalar(let s): return "\"\(s)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing"
        }
    }

    public func string() throws -> String {
        guard case .scalar(let s) = value.content else { throw mismatch("text") }
        return s
    }

    /// A number in `range`; the message for a wrong one gives the range after `expected`.
    public func double(_ expected: String = "a number", in range: ClosedRange<Double> = -.infinity...(.infinity)) throws -> Double {
        let full = [expected, Quantity.describe(range)].filter { !$0.isEmpty }.joined(separator: " ")
        guard case .scalar(let s) = value.content, let x = Double(s.replacingOccurrences(of: "_", with: "")), x.isFinite,
              range.contains(x) else { throw mismatch(full) }
        return x
    }

    public func int(_ expected: String = "a whole number", in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        let bounds = range.lowerBound == Int.min ? "" : range.upperBound == Int.max ? ">= \(range.lowerBound)"
            : "from \(range.lowerBound) to \(range.upperBound)"
        let full = [expected, bounds].filter { !$0.isEmpty }.joined(separator: " ")
        guard case .scalar(let s) = value.content, let x = Int(s.replacingOccurrences(of: "_", with: "")), range.contains(x)
        else { throw mismatch(full) }
        return x
    }

    public func bool() throws -> Bool {
        guard case .scalar(let s) = value.content else { throw mismatch("true or false") }
        switch s.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw mismatch("true or false")
        }
    }

    /// One of a fixed set of words.
    public func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type = T.self) throws -> T where T.RawValue == String {
        let options = T.allCases.map(\.rawValue)
        guard case .scalar(let s) = value.content, let x = T(rawValue: s) else {
            throw mismatch("one of \(options.joined(separator: ", "))")
        }
        return x
    }

    /// A duration with its unit ("48h", "3 days", "2 weeks", "6 months", "1.5 years"), in days.
    public func duration(in range: ClosedRange<Double> = 0...(.infinity)) throws -> Double {
        guard case .scalar(let s) = value.content, let days = Quantity.days(s) else {
            throw mismatch("a duration with a unit, such as \"48h\", \"10 days\", \"3 months\" or \"2 years\"")
        }
        guard range.contains(days) else { throw mismatch("a duration \(Quantity.describe(range)) days") }
        return days
    }

    /// A duration from `start`: whole months and years are calendar months and years (2 years from
    /// 2026-01-01 end on 2028-01-01, 1 month from 2026-01-31 on 2026-02-28), so a run's horizon and
    /// warm-up fall on the dates a planner means; any other duration is as `duration(in:)` reads it.
    public func calendarDuration(from start: CalendarDate, in range: ClosedRange<Double> = 0...(.infinity)) throws -> Double {
        let days = try duration(in: range)
        guard case .scalar(let s) = value.content, let months = Quantity.wholeMonths(s), abs(months) <= 12 * 1000 else { return days }
        return Double(start.adding(months: months).days(since: start))
    }

    /// The years a date may fall in: the model's demography, calendar and holidays are meant for
    /// the present and the coming decades, not for typing errors such as 0026 or 20260.
    public static let years = 1900...2200

    /// A calendar date written YYYY-MM-DD, from 1900 to 2200.
    public func date() throws -> CalendarDate {
        guard case .scalar(let s) = value.content, let date = CalendarDate(s) else {
            throw mismatch("a date written YYYY-MM-DD")
        }
        guard Self.years.contains(date.components.year) else {
            throw mismatch("a date from \(Self.years.lowerBound)-01-01 to \(Self.years.upperBound)-12-31")
        }
        return date
    }

    /// A seed: any whole number a 64-bit stream seed can hold.
    public func seed() throws -> UInt64 {
        guard case .scalar(let s) = value.content, let x = UInt64(s.replacingOccurrences(of: "_", with: "")) else {
            throw mismatch("a seed from 0 to \(UInt64.max)")
        }
        return x
    }

    /// The longest name a scenario, territory or device may have: names head tables and charts.
    public static let maximumNameLength = 200

    /// A name: 1 to 200 characters, none of them a control character (a line break, a tab...).
    public func name() throws -> String {
        let s = try string()
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty, s.count <= Self.maximumNameLength,
              !s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            let shown = s.count > 40 ? "\(String(s.prefix(40)).debugDescription) and \(s.count - 40) more characters"
                : s.debugDescription
            throw error("expected a name of 1 to \(Self.maximumNameLength) characters on one line, found \(shown)")
        }
        return s
    }

    public func list() throws -> [Field] {
        switch value.content {
        case .sequence(let items):
            return items.enumerated().map { Field($0.element, keyPath: "\(keyPath)[\($0.offset)]") }
        default: throw mismatch("a list")
        }
    }

    public func mapping() throws -> MappingReader { try MappingReader(self) }
}

/// Reads the keys of a mapping one by one; `finish()` rejects any key that was not read, naming
/// the keys that were expected, so a misspelt key never passes silently.
public struct MappingReader: Sendable {
    public let field: Field
    let pairs: [(key: String, value: ScenarioValue)]
    var read: Set<String> = []
    var known: [String] = []

    public init(_ field: Field) throws {
        switch field.value.content {
        case .mapping(let pairs): self.pairs = pairs
        case .null: self.pairs = []
        default: throw field.mismatch("a mapping of keys to values")
        }
        self.field = field
    }

    func path(_ key: String) -> String { field.keyPath.isEmpty ? key : "\(field.keyPath).\(key)" }

    public var keys: [String] { pairs.map(\.key) }

    /// The value at `key`, or nil when it is absent (or written as null).
    public mutating func optional(_ key: String) -> Field? {
        known.append(key)
        read.insert(key)
        guard let pair = pairs.first(where: { $0.key == key }) else { return nil }
        if case .null = pair.value.content { return nil }
        return Field(pair.value, keyPath: path(key))
    }

    public mutating func required(_ key: String, _ expected: String) throws -> Field {
        guard let field = optional(key) else {
            throw ScenarioError(field.location, keyPath: path(key), "missing; expected \(expected)")
        }
        return field
    }

    /// Every key not yet read, for mappings whose keys are names chosen by the user.
    public mutating func remaining() -> [(key: String, field: Field)] {
        pairs.filter { !read.contains($0.key) }.map { pair in
            read.insert(pair.key)
            return (pair.key, Field(pair.value, keyPath: path(pair.key)))
        }
    }

    public func finish() throws {
        guard let unknown = pairs.first(where: { !read.contains($0.key) }) else { return }
        let expected = known.isEmpty ? "no keys here" : "one of \(known.joined(separator: ", "))"
        throw ScenarioError(unknown.value.location, keyPath: path(unknown.key), "unknown key; expected \(expected)")
    }
}
