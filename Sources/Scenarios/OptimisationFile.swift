import CareModel
import Foundation
import Randomness

/// An optimisation: a base scenario, decision variables over grids of values, constraints each
/// required to hold with a probability across replications, and a cost to minimise.
///
/// ```yaml
/// base: ../planner-680k.yaml
/// seed: 2026                          # optional: the base's run.seed
/// decision:                           # each like a sweep's axis, with monotone (default true)
///   - {key: "territories[0].convergence.dac.coordination.fte", range: {from: 6, to: 12, step: 1}, label: coordinators}
/// constraints:
///   - {metric: coordination_within_target_share, at_least: 0.9, year: 2028, probability: 0.8}
/// objective: {metric: total_cost_eur_per_year}   # optional: the default
/// testing: {confidence: 0.95, indifference: 0.05, first_replications: 10, batch: 10, max_replications: 200}
/// ```
///
/// Robust staffing: when constraints give `across_parameters: q`, each must hold (in its
/// `probability` of a parameter set's replications) in at least a share q of parameter sets drawn
/// over the base scenario's uncertain values; the sequential test then counts parameter sets, each
/// run with `uncertainty: {replications_per_set: N}` replications (10 by default).
public struct OptimisationFile: Sendable {
    /// "metric meets threshold (in a year, or over the whole observed period) in at least
    /// `probability` of replications".
    public struct Constraint: Sendable, Equatable, CustomStringConvertible {
        public let parts: Goal.Parts
        public let probability: Double
        /// A short name for tables: the constraint's `name`, or its metric and year.
        public let name: String
        /// The share of parameter sets in which it must hold (robust staffing), nil otherwise.
        public var acrossParameters: Double? = nil

        public var metric: String { parts.metric }

        /// Whether one replication's value meets the constraint (a value that is not a number does not).
        public func isMet(by value: Double) -> Bool {
            value.isFinite && (parts.direction == .atLeast ? value >= parts.threshold : value <= parts.threshold)
        }

        /// "coordination_within_target_share >= 0.9 in 2028, in at least 80% of replications".
        public var description: String {
            "\(parts.metric) \(parts.direction.symbol) \(ResultsNumber.format(parts.threshold))"
                + (parts.year.map { " in \($0)" } ?? " over the observed period")
                + (parts.territory.map { " (\($0))" } ?? "")
                + ", in at least \(ResultsNumber.format(probability * 100))% of replications"
                + (acrossParameters.map { " of at least \(ResultsNumber.format($0 * 100))% of parameter sets" } ?? "")
        }

        /// What the sequential test decides in robust staffing, where one row is a parameter set:
        /// "the share of the set's replications meeting the constraint is at least its probability",
        /// required in `acrossParameters` of sets.
        var overParameterSets: Constraint {
            Constraint(parts: Goal.Parts(metric: parts.metric, direction: .atLeast, threshold: probability, year: parts.year,
                                         territory: parts.territory),
                       probability: acrossParameters ?? 1, name: name)
        }
    }

    /// The quantity minimised: a metric's mean across a candidate's replications, over the whole
    /// observed period.
    public struct Objective: Sendable, Equatable {
        public let metric: String
        public let territory: String?
    }

    /// The sequential feasibility test's settings (docs/optimisation.md).
    public struct Testing: Sendable, Equatable {
        /// 1 - alpha: the probability that a candidate's verdict is right (outside the indifference zone).
        public let confidence: Double
        /// delta: a candidate whose probability lies in [p - delta, p) may be declared either way.
        public let indifference: Double
        public let firstReplications: Int
        public let batch: Int
        public let maximumReplications: Int

        public static let standard = Testing(confidence: 0.95, indifference: 0.05, firstReplications: 10, batch: 10,
                                             maximumReplications: 200)

        /// How many times the test may look at a candidate: after the first replications, then after each batch.
        public var looks: Int { 1 + (maximumReplications - firstReplications + batch - 1) / batch }

        /// The replication counts at which the test looks, in order.
        public var schedule: [Int] {
            (0..<looks).map { min(firstReplications + $0 * batch, maximumReplications) }
        }
    }

    public let file: String
    public let source: SourceFile
    /// The candidates as a sweep's grid: the base scenario, the decision variables as axes (each
    /// with `monotone`), one cell per candidate, the seed every candidate runs with (common random
    /// numbers), and the most replications a candidate may take.
    public let grid: SweepFile
    public let constraints: [Constraint]
    public let objective: Objective
    public let testing: Testing

    public var variables: [SweepFile.Axis] { grid.axes }
    /// Robust staffing's uncertain values (empty otherwise) and the replications each set runs.
    public let uncertainParameters: [SweepFile.Parameter]
    public let replicationsPerSet: Int

    /// Whether constraints must hold across parameter sets (robust staffing).
    public var isRobust: Bool { !uncertainParameters.isEmpty }

    /// The constraints the sequential test decides: as written, or over parameter sets.
    public var testedConstraints: [Constraint] { isRobust ? constraints.map(\.overParameterSets) : constraints }

    /// The name of the random stream robust staffing's parameter sets are drawn from.
    public static let parameterSetStream = "optimise.parameter_sets"

    /// Parameter set s's values, one per uncertain value: independent uniform draws mapped through
    /// each range (independent sets, as the sequential test needs), from the seed and s alone, so
    /// that every candidate meets the same sets.
    public func parameterValues(set s: Int) -> [String] {
        let stream = RandomStream(baseSeed: grid.seed, replication: s, name: Self.parameterSetStream)
        return uncertainParameters.map { $0.value(at: stream.uniform()) }
    }

    /// The scenario of candidate `c` in parameter set `s`: the base with the set's values, then
    /// the decision, written in.
    public func scenario(candidate c: Int, parameterSet s: Int) throws -> Scenario {
        let drawn = try zip(uncertainParameters, parameterValues(set: s)).reduce(Scenario.resolved(grid.base)) { value, set in
            try set.0.writing(set.1, into: value)
        }
        return try Scenario.read(grid.laying(cell: c, over: drawn), file: grid.baseFile, sources: grid.baseSources)
    }

    /// The most candidates an optimisation may have.
    public static let maximumCandidates = 10_000
    /// The most replications one candidate may take (`max_replications`).
    public static let maximumReplications = 10_000

    public static func load(file: String) throws -> OptimisationFile {
        let (document, own) = try ScenarioValue.loadWithSources(file: file, extendsKey: "\u{0}")
        return try read(document, file: file, source: own[0])
    }

    public static func read(_ document: ScenarioValue, file: String, source: SourceFile,
                            loadBase: (String) throws -> (value: ScenarioValue, sources: [SourceFile])
                                = { try ScenarioValue.loadWithSources(file: $0) }) throws -> OptimisationFile {
        var root = try Field(document, keyPath: "").mapping()
        let baseField = try root.required("base", "the path of the base scenario, relative to this file")
        let relative = try baseField.string()
        let baseFile = SweepFile.path(relative, besides: file)
        let seedField = root.optional("seed")
        let decisionField = try root.required("decision", "a list of decision variables, each {key, values} or {key, range: "
                                              + "{from, to, step}}, with monotone (true by default)")
        var variables = try SweepFile.readAxes(decisionField, readingMonotone: true)
        let labels = SweepFile.shortLabels(variables.map(\.key))
        for i in variables.indices where variables[i].label.isEmpty { variables[i].label = labels[i] }
        let count = variables.reduce(1.0) { $0 * Double($1.values.count) }
        guard count <= Double(maximumCandidates) else {
            throw decisionField.error("the decision variables make \(String(format: "%.0f", count)) candidates; an optimisation has "
                                      + "at most \(maximumCandidates) (coarser steps, or narrower bounds)")
        }
        let constraintsField = try root.required("constraints", "a list of constraints, each {metric, at_least or at_most, "
                                                 + "year (optional), probability}")
        let objectiveField = root.optional("objective"), testingField = root.optional("testing")
        let (base, sources) = try loadBase(baseFile)
        let baseScenario = try Scenario.read(base, file: baseFile, sources: sources)
        let territories = baseScenario.model.territories.map(\.name)
        let run = baseScenario.run

        var constraints: [Constraint] = []
        for item in try constraintsField.list() {
            var m = try item.mapping()
            let parts = try Goal.Parts.read(item, &m, run: run, territories: territories, yearRequired: false)
            let probability = try m.required("probability", "the share of replications in which it must hold, such as 0.8")
                .double("a probability", in: 0...1)
            let name = try m.optional("name")?.name()
                ?? parts.metric + (parts.year.map { " \($0)" } ?? "") + (parts.territory.map { " (\($0))" } ?? "")
            let across = try m.optional("across_parameters")?.double("a share of parameter sets", in: 0.01...1)
            try m.finish()
            guard probability > 0 else { throw item.error("a probability of 0 always holds: give one above 0 or leave the constraint out") }
            constraints.append(Constraint(parts: parts, probability: probability, name: name, acrossParameters: across))
            if (constraints.first!.acrossParameters == nil) != (across == nil) {
                throw item.error("across_parameters is given for some constraints and not others: robust staffing tests every "
                                 + "constraint across parameter sets, so give it for each")
            }
        }
        guard !constraints.isEmpty else { throw constraintsField.mismatch("at least one constraint") }
        let robust = constraints[0].acrossParameters != nil
        var replicationsPerSet = 10
        if let field = root.optional("uncertainty") {
            guard robust else { throw field.error("uncertainty goes with constraints that give across_parameters (robust staffing)") }
            var m = try field.mapping()
            replicationsPerSet = try m.required("replications_per_set", "the replications each parameter set runs")
                .int("a number of replications", in: 1...maximumReplications)
            try m.finish()
        }
        var uncertainParameters: [SweepFile.Parameter] = []
        if robust {
            uncertainParameters = try Uncertainty.of(base, file: baseFile).parameters
            guard !uncertainParameters.isEmpty else {
                throw constraintsField.error("across_parameters needs uncertain values, but the base scenario holds every one fixed "
                                             + "(give ranges under its uncertain: values)")
            }
        }

        var objective = Objective(metric: "total_cost_eur_per_year", territory: nil)
        if let objectiveField {
            var m = try objectiveField.mapping()
            let metric = try m.required("metric", "the metric to minimise, such as total_cost_eur_per_year")
                .metric(example: "total_cost_eur_per_year")
            var territory: String?
            if let field = m.optional("territory") {
                let name = try field.name()
                guard territories.contains(name) || (name == TerritoryResult.totalName && territories.count > 1) else {
                    throw field.error("no territory named \"\(name)\"; the territories are "
                                      + territories.map { "\"\($0)\"" }.joined(separator: ", "))
                }
                territory = name
            }
            try m.finish()
            objective = Objective(metric: metric, territory: territory)
        }

        var testing = Testing.standard
        if let testingField {
            var m = try testingField.mapping()
            let s = Testing.standard
            let confidence = try m.optional("confidence")?.double("a confidence level", in: 0.5...0.9999) ?? s.confidence
            let indifference = try m.optional("indifference")?.double("a probability", in: 0.001...0.5) ?? s.indifference
            let first = try m.optional("first_replications")?.int("a number of replications", in: 2...maximumReplications)
                ?? s.firstReplications
            let batch = try m.optional("batch")?.int("a number of replications", in: 1...maximumReplications) ?? s.batch
            let maximumField = m.optional("max_replications")
            let maximum = try maximumField?.int("a number of replications", in: 2...maximumReplications) ?? max(s.maximumReplications, first)
            try m.finish()
            guard maximum >= first else {
                throw (maximumField ?? testingField).error("max_replications (\(maximum)) is below first_replications (\(first))")
            }
            testing = Testing(confidence: confidence, indifference: indifference, firstReplications: first, batch: batch,
                              maximumReplications: maximum)
        }
        let seed = try seedField?.seed() ?? run.seed
        try root.finish()

        let keys = variables.map(\.key)
        // The grid's replications are the most any test may ask for, not this test's: the stored
        // replications (and the directory's identity) stay valid when the test's settings change.
        let grid = SweepFile(file: file, source: source, baseFile: baseFile, base: base, baseSources: sources,
                             replications: maximumReplications, seed: seed, design: .grid, axes: variables, parameters: [],
                             pointsSource: nil, keys: keys, points: SweepFile.gridPoints(variables), targets: [])
        try grid.checkCells(decisionField, word: "candidate")
        return OptimisationFile(file: file, source: source, grid: grid, constraints: constraints, objective: objective,
                                testing: testing, uncertainParameters: uncertainParameters, replicationsPerSet: replicationsPerSet)
    }

    /// The scenario of candidate `c`.
    public func scenario(candidate c: Int) throws -> Scenario { try grid.scenario(cell: c) }
}
