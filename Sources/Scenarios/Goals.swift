import CareModel

/// A planner's target for one calendar year: a metric, a threshold it must reach (or not pass),
/// a year and, optionally, one territory. Results give the probability across replications that
/// it is met (`yearly.csv`).
public struct Goal: Sendable, Equatable, CustomStringConvertible {
    public enum Direction: String, Sendable, CaseIterable {
        case atLeast = "at_least", atMost = "at_most"
        public var symbol: String { self == .atLeast ? ">=" : "<=" }
    }

    public let metric: String
    public let direction: Direction
    public let threshold: Double
    public let year: Int
    /// The territory it is about; nil for each territory and, with several, their total.
    public let territory: String?

    public init(metric: String, direction: Direction, threshold: Double, year: Int, territory: String? = nil) {
        self.metric = metric
        self.direction = direction
        self.threshold = threshold
        self.year = year
        self.territory = territory
    }

    /// Whether one replication's value meets the goal: a value that is not a number (no admission
    /// that year, say) does not.
    public func isMet(by value: Double) -> Bool {
        value.isFinite && (direction == .atLeast ? value >= threshold : value <= threshold)
    }

    /// "coordination_within_target_share >= 0.9 in 2028".
    public var description: String {
        "\(metric) \(direction.symbol) \(ResultsNumber.format(threshold)) in \(year)"
    }

    /// The calendar years a run observes: from the warm-up's end to the last simulated day.
    public static func observedYears(_ run: RunSettings) -> ClosedRange<Int> {
        let last = run.start.adding(days: max(Int(run.horizon.rounded(.up)) - 1, 0))
        return run.resultsStart.components.year...last.components.year
    }

    /// Reads `targets.goals`: a list of {metric, at_least or at_most, year, territory (optional)}.
    static func read(_ field: Field, run: RunSettings, territories: [String]) throws -> [Goal] {
        try field.list().map { item in
            var m = try item.mapping()
            let parts = try Parts.read(item, &m, run: run, territories: territories, yearRequired: true)
            try m.finish()
            return Goal(metric: parts.metric, direction: parts.direction, threshold: parts.threshold, year: parts.year!,
                        territory: parts.territory)
        }
    }

    /// What a goal and an optimisation's constraint both say: a metric, at_least or at_most a
    /// threshold, a year (for a constraint, optional: the whole observed period without it) and
    /// a territory (optional).
    public struct Parts: Sendable, Equatable {
        public let metric: String
        public let direction: Direction
        public let threshold: Double
        public let year: Int?
        public let territory: String?

        /// Reads the parts from the mapping `m` of `item`, leaving its other keys to the caller.
        static func read(_ item: Field, _ m: inout MappingReader, run: RunSettings, territories: [String],
                         yearRequired: Bool) throws -> Parts {
            let years = observedYears(run)
            let metric = try m.required("metric", "the name of a metric, such as coordination_within_target_share").metric()
            let atLeast = m.optional("at_least"), atMost = m.optional("at_most")
            let direction: Direction, thresholdField: Field
            switch (atLeast, atMost) {
            case let (x?, y?):
                throw (x.location.line > y.location.line ? x : y).error("at_least and at_most are alternatives: write one of them")
            case let (x?, nil): (direction, thresholdField) = (.atLeast, x)
            case let (nil, y?): (direction, thresholdField) = (.atMost, y)
            case (nil, nil):
                throw ScenarioError(item.location, keyPath: "\(item.keyPath).at_least",
                                    "missing; expected at_least or at_most, the threshold the metric must reach or not pass")
            }
            let threshold = try thresholdField.double("a threshold")
            var year: Int?
            let yearField: Field?
            if yearRequired {
                yearField = try m.required("year", "the calendar year the target is for, such as 2028")
            } else {
                yearField = m.optional("year")
            }
            if let yearField {
                let value = try yearField.int("a year")
                guard years.contains(value) else {
                    throw yearField.error("the run observes \(years.lowerBound == years.upperBound ? "only \(years.lowerBound)" : "\(years.lowerBound) to \(years.upperBound)"), not \(value)")
                }
                year = value
            }
            var territory: String?
            if let territoryField = m.optional("territory") {
                let name = try territoryField.name()
                guard territories.contains(name) || (name == TerritoryResult.totalName && territories.count > 1) else {
                    throw territoryField.error("no territory named \"\(name)\"; the territories are \(territories.map { "\"\($0)\"" }.joined(separator: ", "))"
                                               + (territories.count > 1 ? " and their total, \"\(TerritoryResult.totalName)\"" : ""))
                }
                territory = name
            }
            return Parts(metric: metric, direction: direction, threshold: threshold, year: year, territory: territory)
        }
    }
}

extension Field {
    /// The name of a metric of summary.csv; a wrong one is refused with the names it is close to.
    public func metric(example: String = "coordination_within_target_share") throws -> String {
        let metric = try string()
        guard TerritoryResult.metricNames.contains(metric) else {
            let near = TerritoryResult.metricNames.filter { $0.contains(metric) || metric.contains($0) }.prefix(3)
            throw error("unknown metric \"\(metric)\"; "
                + (near.isEmpty ? "the metrics are the names in summary.csv, such as \(example)"
                                : "did you mean \(near.joined(separator: ", "))?"))
        }
        return metric
    }
}

/// Numbers as a planner writes them in a scenario: 0.9, 15, 1200000.
enum ResultsNumber {
    static func format(_ x: Double) -> String { String(format: "%g", x) }
}
