import Randomness

/// Scenario B against scenario A, replication by replication: with the same seed, replication r
/// of both draws from the same streams (common random numbers), so the paired differences vary
/// less than the scenarios do and their confidence interval is narrower.
public struct Comparison: Sendable {
    public struct Row: Sendable {
        public let territory: String
        public let metric: String
        public let meanA: Double
        public let meanB: Double
        /// B - A, replication by replication.
        public let differences: [Double]
        public let interval: ConfidenceInterval?
        public var meanDifference: Double { differences.reduce(0, +) / Double(differences.count) }
        /// Whether the interval of the difference excludes zero.
        public var significant: Bool { interval.map { $0.lower > 0 || $0.upper < 0 } ?? false }
    }

    public struct Mismatch: Error, CustomStringConvertible {
        public let description: String
    }

    public let rows: [Row]
    public let level: Double

    /// Pairs the two summaries territory by territory (by position, which must carry the same
    /// names) and metric by metric.
    public init(a: ExperimentSummary, b: ExperimentSummary, level: Double = 0.95) throws {
        guard a.territories == b.territories else {
            throw Mismatch(description: "the scenarios' territories differ (\(a.territories.joined(separator: ", ")) vs "
                           + "\(b.territories.joined(separator: ", "))); a comparison pairs territories by name and order")
        }
        guard a.values.first?.first?.count == b.values.first?.first?.count else {
            throw Mismatch(description: "the scenarios ran different numbers of replications")
        }
        self.level = level
        var rows: [Row] = []
        for t in a.territories.indices {
            for (m, metric) in a.metrics.enumerated() where m < a.values[t].count {
                guard let n = b.metrics.firstIndex(of: metric), n < b.values[t].count else { continue }
                let xa = a.values[t][m], xb = b.values[t][n]
                let d = zip(xa, xb).map { $1 - $0 }
                let finite = d.allSatisfy(\.isFinite)
                rows.append(Row(territory: a.territories[t], metric: metric,
                                meanA: xa.reduce(0, +) / Double(xa.count), meanB: xb.reduce(0, +) / Double(xb.count),
                                differences: d, interval: d.count >= 2 && finite ? ConfidenceInterval(d, level: level) : nil))
            }
        }
        self.rows = rows
    }

    public func row(territory: String, metric: String) -> Row? {
        rows.first { $0.territory == territory && $0.metric == metric }
    }
}
