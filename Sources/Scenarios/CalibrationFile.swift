import CareModel
import Foundation
import Randomness

/// A calibration: a base scenario, parameters to fit with their prior ranges, and observed targets,
/// fitted by history matching in waves (docs/calibrate.md).
///
/// ```yaml
/// base: balanced-500k.yaml
/// replications: 5                 # per design point, on common random numbers
/// seed: 2026
/// points: 64                      # per wave (a Sobol design over the non-implausible region)
/// waves: 4                        # at most; fewer when a wave finds nearly all its points non-implausible
/// parameters:
///   - {key: referral.probability, uniform: {from: 0.3, to: 0.9}}
///   - {key: "territories[0].devices[0].coordination.duration.exponential.mean", uniform: {from: 10, to: 60}, unit: days}
/// targets:
///   - {metric: requests_per_year, per: population, scale: 100000, observed: 1500, sd: 150}
///   - {metric: coordination_wait_mean_days, observed: 21, interval: {from: 14, to: 30, level: 0.9}}
/// ```
public struct CalibrationFile: Sendable {
    /// An observed figure the model must reproduce: a metric of one territory (or of all together),
    /// optionally divided by another metric and scaled (requests per 100,000: `per: population`,
    /// `scale: 100000`), with its observed value and standard deviation.
    public struct Target: Sendable, Equatable {
        public let metric: String
        public let per: String?
        public let scale: Double
        /// The territory as results name it (the total of several territories: "all territories").
        public let territory: String
        public let observed: Double
        /// The observation's standard deviation (from `sd`, or from an interval at its level).
        public let sd: Double
        public let location: SourceLocation

        /// A name for tables and charts: `requests_per_year / population x 100000 (Nord)`.
        public var name: String {
            metric + (per.map { " / " + $0 } ?? "") + (scale != 1 ? " x " + SweepFile.format(scale) : "")
        }

        /// The target's value from a run's metrics (`value(metric)` for this territory), NaN when
        /// a metric has no value or the denominator is zero.
        public func value(_ metricValue: (String) -> Double?) -> Double {
            guard let x = metricValue(metric), x.isFinite else { return .nan }
            guard let per else { return x * scale }
            guard let d = metricValue(per), d.isFinite, d != 0 else { return .nan }
            return x / d * scale
        }
    }

    /// Which implausibility rules a point out: the largest over targets, or the second largest
    /// (Vernon et al., 2010), which tolerates one target badly fitted among many.
    public enum Rule: String, Sendable, CaseIterable {
        case max
        case secondMax = "second_max"
    }

    public let file: String
    public let source: SourceFile
    public let baseFile: String
    public let base: ScenarioValue
    public let baseSources: [SourceFile]
    public let replications: Int
    public let seed: UInt64
    /// Design points per wave.
    public let points: Int
    /// The most waves run.
    public let waves: Int
    /// A point is ruled out when its implausibility exceeds this (3: Pukelsheim's three-sigma rule).
    public let cutoff: Double
    public let rule: Rule
    /// Waves stop early once this share of a wave's points is non-implausible: the region no longer shrinks.
    public let stopShare: Double
    public let parameters: [SweepFile.Parameter]
    public let targets: [Target]

    public static func load(file: String) throws -> CalibrationFile {
        let (document, own) = try ScenarioValue.loadWithSources(file: file, extendsKey: "\u{0}")
        return try read(document, file: file, source: own[0])
    }

    public static func read(_ document: ScenarioValue, file: String, source: SourceFile,
                            loadBase: (String) throws -> (value: ScenarioValue, sources: [SourceFile])
                                = { try ScenarioValue.loadWithSources(file: $0) }) throws -> CalibrationFile {
        var root = try Field(document, keyPath: "").mapping()
        let relative = try root.required("base", "the path of the base scenario, relative to this file").string()
        let baseFile = SweepFile.path(relative, besides: file)
        let replications = try root.required("replications", "a number of replications per design point (at least 2)")
            .int("a number of replications of at least 2", in: 2...RunSettings.replicationRange.upperBound)
        let seed = try root.optional("seed")?.seed() ?? 1
        let points = try root.optional("points")?.int("a number of design points per wave", in: 2...SweepFile.maximumCells) ?? 64
        let waves = try root.optional("waves")?.int("a number of waves", in: 1...20) ?? 4
        let cutoff = try root.optional("cutoff").map { try positive($0, "an implausibility cut-off above 0") } ?? 3
        let rule = try root.optional("implausibility")?.choice(Rule.self) ?? .max
        let stopShare = try root.optional("stop_share")?.double("a share from 0 to 1", in: 0...1) ?? 0.8
        let parametersField = try root.required("parameters", "a list of parameters, each {key, uniform} or {key, log_uniform}")
        let parameters = try SweepFile.readParameters(parametersField)
        for (parameter, item) in zip(parameters, try parametersField.list()) {
            switch parameter.range {
            case .uniform, .logUniform: break
            case .levels: throw item.error("levels cannot be calibrated (no median or interval between them); give uniform or log_uniform")
            case .triangular, .beta:
                throw item.error("a calibration's prior is a box: give uniform or log_uniform (its waves narrow the box)")
            }
        }
        guard parameters.count <= DesignPoints.sobolMaximumDimensions else {
            throw parametersField.error("at most \(DesignPoints.sobolMaximumDimensions) parameters (GSL's Sobol direction numbers)")
        }
        let targetsField = try root.required("targets", "a list of observed targets, each {metric, observed, sd or interval}")
        let targetItems = try targetsField.list()
        guard !targetItems.isEmpty else { throw targetsField.mismatch("at least one target") }
        try root.finish()
        let (base, sources) = try loadBase(baseFile)
        let scenario = try Scenario.read(base, file: baseFile, sources: sources)
        let names = scenario.model.territories.map(\.name)
        var targets: [Target] = []
        for item in targetItems {
            targets.append(try readTarget(item, territories: names))
        }
        if rule == .secondMax && targets.count < 2 {
            throw ScenarioError(document.location, keyPath: "implausibility", "second_max needs at least two targets")
        }
        let calibration = CalibrationFile(file: file, source: source, baseFile: baseFile, base: base, baseSources: sources,
                                          replications: replications, seed: seed, points: points, waves: waves, cutoff: cutoff,
                                          rule: rule, stopShare: stopShare, parameters: parameters, targets: targets)
        // The corners of the prior box must be valid scenarios before anything runs.
        for corner in [0.0, 1.0.nextDown] {
            let sweep = calibration.wave(1, units: [Array(repeating: corner, count: parameters.count)])
            do {
                _ = try sweep.scenario(cell: 0)
            } catch let error as ScenarioError where error.location.file != file {
                throw parametersField.error("the parameters at the \(corner == 0 ? "lower" : "upper") ends of their ranges do not make "
                                            + "a valid scenario: \(error)")
            }
        }
        return calibration
    }

    static func readTarget(_ item: Field, territories: [String]) throws -> Target {
        var m = try item.mapping()
        let metricField = try m.required("metric", "the name of a metric, such as requests_per_year")
        let metric = try checkedMetric(metricField)
        let per = try m.optional("per").map(checkedMetric)
        let scale = try m.optional("scale").map { try positive($0, "a factor above 0") } ?? 1
        let territory: String
        if let field = m.optional("territory") {
            territory = try field.string()
            guard territories.contains(territory) || (territories.count > 1 && territory == TerritoryResult.totalName) else {
                throw field.error("no territory \"\(territory)\" in the base scenario; its territories are "
                                  + territories.joined(separator: ", ")
                                  + (territories.count > 1 ? " (or \(TerritoryResult.totalName))" : ""))
            }
        } else {
            territory = territories.count == 1 ? territories[0] : TerritoryResult.totalName
        }
        let observedField = try m.required("observed", "the observed value")
        let observed = try observedField.double("the observed value, a number")
        let sdField = m.optional("sd"), intervalField = m.optional("interval")
        let sd: Double
        switch (sdField, intervalField) {
        case (let field?, nil):
            sd = try positive(field, "a standard deviation above 0")
        case (nil, let field?):
            var interval = try field.mapping()
            let from = try interval.required("from", "the interval's lower end").double()
            let toField = try interval.required("to", "the interval's upper end")
            let to = try toField.double()
            let level = try interval.optional("level")?.double("a level between 0 and 1, such as 0.9", in: 0.01...0.9999) ?? 0.95
            try interval.finish()
            guard to > from else { throw toField.error("an empty interval: to (\(SweepFile.format(to))) must be above from") }
            guard (from...to).contains(observed) else {
                throw field.error("the observed value \(SweepFile.format(observed)) is outside its interval")
            }
            // The interval read as a normal one at its level.
            sd = (to - from) / (2 * StandardNormal.quantile((1 + level) / 2))
        case (nil, nil):
            throw item.error("a target needs its uncertainty: sd (a standard deviation) or interval: {from, to, level}")
        case (_?, _?):
            throw item.error("a target has sd or interval, not both")
        }
        try m.finish()
        return Target(metric: metric, per: per, scale: scale, territory: territory, observed: observed, sd: sd, location: item.location)
    }

    /// A number above 0 (a range's bound would print as 4.9e-324 in the message).
    static func positive(_ field: Field, _ expected: String) throws -> Double {
        let x = try field.double(expected)
        guard x > 0 else { throw field.mismatch(expected) }
        return x
    }

    static func checkedMetric(_ field: Field) throws -> String {
        let metric = try field.string()
        guard TerritoryResult.metricNames.contains(metric) else {
            throw field.error("unknown metric \"\(metric)\"; the metrics are the names in summary.csv, such as requests_per_year")
        }
        return metric
    }

    /// Wave `wave`'s design as a sweep: the base with each point's parameter values (from its unit
    /// coordinates), the calibration's replications and seed, so that replication r of every point
    /// runs on the same streams (common random numbers).
    public func wave(_ wave: Int, units: [[Double]]) -> SweepFile {
        let points = units.map { u in
            SweepFile.Point(values: zip(parameters, u).map { $0.value(at: $1) }, locations: parameters.map(\.location))
        }
        return SweepFile(file: file, source: source, baseFile: baseFile, base: base, baseSources: baseSources,
                         replications: replications, seed: seed, design: .sobol, axes: [], parameters: parameters,
                         pointsSource: nil, keys: parameters.map(\.key), points: points, targets: [])
    }
}
