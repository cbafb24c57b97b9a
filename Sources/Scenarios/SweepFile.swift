import CareModel
import Foundation
import Randomness

/// A parameter sweep: a base scenario, then either axes of values for any key path (a grid: every
/// combination) or a design (points spread over parameter ranges, or read from a CSV file), with
/// replications and seed.
///
/// ```yaml
/// base: ../scenarios/balanced-500k.yaml
/// replications: 10                   # or precision: 0.05 (with max_replications: 200): per cell
/// seed: 2026
/// axes:
///   - {key: territories[0].readability, values: [0.3, 0.5, 0.7]}
///   - {key: persons.hospitalisation_multiplier_coordinated, range: {from: 0.8, to: 1.0, step: 0.1}, label: hospitalisation effect}
/// ```
///
/// or, in place of `axes`:
///
/// ```yaml
/// design:
///   latin_hypercube: 40            # or sobol: 64, or points: design.csv (one column per key path)
///   parameters:
///     - {key: territories[0].readability, uniform: {from: 0.3, to: 0.9}}
///     - {key: "territories[0].convergence.dac.coordination.fte_per_100k", log_uniform: {from: 1, to: 6}}
///     - {key: territories[0].support_programme, levels: [light, reinforced, strong]}
/// ```
public struct SweepFile: Sendable {
    public struct Axis: Sendable, Equatable {
        public let key: String
        /// Each value as written, to be laid over the base scenario at `key`.
        public let values: [String]
        /// Where each value was written in the sweep file, so that a value the scenario rejects is
        /// reported there, not at the base's line it replaced.
        public let locations: [SourceLocation]
        /// A short name for tables and charts: the axis' `label`, or the last parts of its key
        /// that tell it from the other axes.
        public var label: String
        /// For an optimisation's decision variable: whether each constraint's probability never
        /// falls, and the cost never falls, from one value to the next as written.
        public var monotone = true
    }

    /// A target over the observed period: report charts mark the cells whose mean meets it.
    public struct Target: Sendable, Equatable {
        public let metric: String
        public let direction: Goal.Direction
        public let threshold: Double

        public init(metric: String, direction: Goal.Direction, threshold: Double) {
            self.metric = metric
            self.direction = direction
            self.threshold = threshold
        }

        public func isMet(by value: Double) -> Bool {
            value.isFinite && (direction == .atLeast ? value >= threshold : value <= threshold)
        }
    }

    /// A parameter of a generated design and the range its values are drawn over.
    public struct Parameter: Sendable, Equatable {
        public enum Range: Sendable, Equatable {
            case uniform(from: Double, to: Double)
            /// Uniform in the logarithm: as many points from 1 to 10 as from 10 to 100.
            case logUniform(from: Double, to: Double)
            /// Most likely at `mode`, falling linearly to nothing at `from` and `to`.
            case triangular(from: Double, mode: Double, to: Double)
            /// A beta(alpha, beta) distribution stretched from [0, 1] over [from, to].
            case beta(alpha: Double, beta: Double, from: Double, to: Double)
            /// Equally likely levels, written as they would be in the scenario.
            case levels([String])
        }

        public let key: String
        public let range: Range
        public let location: SourceLocation
        /// A unit written after each number (`days` for a duration), or nil for a plain number.
        public var unit: String? = nil
        /// The key paths the value is written at: the key's alone in a sweep; in an uncertainty
        /// analysis, every place one uncertain value applies to (each territory left to a default).
        public var paths: [String] = []
        /// Why the range is plausible (an uncertainty analysis' parameters), and where it was given.
        public var why = ""

        /// The lowest and highest values of a numeric range (NaN for levels).
        public var bounds: (from: Double, to: Double) {
            switch range {
            case .uniform(let a, let b), .logUniform(let a, let b), .triangular(let a, _, let b), .beta(_, _, let a, let b): (a, b)
            case .levels: (.nan, .nan)
            }
        }

        /// The range in words, as tables print it: `uniform 0.1-0.3`, `log-uniform 2-8 months`,
        /// `triangular 0.05-0.15-0.3`, `beta(2, 5) over 0-1`, `levels light, strong`.
        public var summary: String {
            let f = SweepFile.format, u = unit.map { " " + $0 } ?? ""
            switch range {
            case .uniform(let a, let b): return "uniform \(f(a))-\(f(b))\(u)"
            case .logUniform(let a, let b): return "log-uniform \(f(a))-\(f(b))\(u)"
            case .triangular(let a, let c, let b): return "triangular \(f(a))-\(f(c))-\(f(b))\(u)"
            case .beta(let al, let be, let a, let b): return "beta(\(f(al)), \(f(be))) over \(f(a))-\(f(b))\(u)"
            case .levels(let levels): return "levels " + levels.joined(separator: ", ")
            }
        }

        /// The value at `u` in [0, 1): the range's quantile, as text for the scenario.
        public func value(at u: Double) -> String {
            guard case .levels(let levels) = range else { return text(number(at: u)) }
            return levels[min(levels.count - 1, Int(u * Double(levels.count)))]
        }

        /// `value` with `text` written at every path of the parameter.
        public func writing(_ text: String, into value: ScenarioValue) throws -> ScenarioValue {
            try paths.reduce(value) { try $0.setting(path: $1, to: text, at: location) }
        }

        /// A number of this parameter as the scenario reads it, with its unit.
        public func text(_ x: Double) -> String { SweepFile.format(x) + (unit.map { " " + $0 } ?? "") }

        /// The number at `u` in [0, 1) of a uniform or log-uniform range (NaN for levels).
        public func number(at u: Double) -> Double {
            switch range {
            case .uniform(let from, let to): return from + u * (to - from)
            case .logUniform(let from, let to): return exp(log(from) + u * (log(to) - log(from)))
            case .triangular(let from, let mode, let to):
                // The reader checked the parameters; u = 0, the lower end, is outside quantile's (0, 1).
                return u <= 0 ? from : (try? Distribution.triangular(lower: from, mode: mode, upper: to))?.quantile(u) ?? .nan
            case .beta(let alpha, let beta, let from, let to):
                let x = u <= 0 ? 0 : (try? Distribution.beta(alpha: alpha, beta: beta))?.quantile(u) ?? .nan
                return from + x * (to - from)
            case .levels: return .nan
            }
        }
    }

    /// How the cells were chosen: the grid of the axes, or a design.
    public enum Design: String, Sendable, Equatable {
        case grid
        case latinHypercube = "latin_hypercube"
        case sobol
        case points
        /// Parameter sets drawn over a scenario's uncertain values (`dacsim run --uncertainty`).
        case uncertainty
    }

    /// One cell: a value for each key, and where each value was written (sweep file or points file).
    public struct Point: Sendable, Equatable {
        public let values: [String]
        public let locations: [SourceLocation]
    }

    public let file: String
    /// The sweep file as read, with its hash.
    public let source: SourceFile
    public let baseFile: String
    /// The base scenario as read when the sweep was loaded, and every file behind it (the base
    /// and the files it extends): the sweep's identity covers them all.
    public let base: ScenarioValue
    public let baseSources: [SourceFile]
    public let replications: Int
    public let seed: UInt64
    public let design: Design
    /// The grid's axes; empty for a design.
    public let axes: [Axis]
    /// The ranges of a generated design (latin_hypercube, sobol); empty otherwise.
    public let parameters: [Parameter]
    /// The points file of a `points` design, as read, with its hash.
    public let pointsSource: SourceFile?
    /// The key paths set in every cell, in the order of plan.csv's columns.
    public let keys: [String]
    /// The cells in order, numbered from 0: for a grid every combination of the axes' values, the
    /// last axis varying fastest; for a design its points in the order generated or read.
    public let points: [Point]
    public let targets: [Target]
    /// An uncertainty analysis' value of each key in each cell as a number (a level by its
    /// place in the list), for the rank correlations that find what drives each metric.
    public var numbers: [[Double]] = []
    /// Replications by precision: each cell runs until its main metrics' 95% half-widths are within
    /// this share of their means (or under their floors), at most `replications`; nil: exactly
    /// `replications` per cell.
    public var precision: Double?

    /// The most cells one sweep may have.
    public static let maximumCells = 100_000

    /// Keys a sweep sets itself: an axis over them would do nothing, since every cell runs the
    /// sweep's own replications and seed.
    static let ownKeys = ["run.seed": "seed", "run.replications": "replications"]

    /// The most values a generated design may hold (points times parameters), so that a typing
    /// error cannot fill the memory.
    public static let maximumDesignValues = 10_000_000

    /// The number of cells.
    public var cellCount: Int { points.count }

    /// A generated value as the scenario reads it: ten significant digits.
    static func format(_ x: Double) -> String { String(format: "%.10g", x) }

    /// The name of the random stream a Latin hypercube is drawn from (with the sweep's seed).
    public static let designStream = "sweep.design.latin_hypercube"

    /// `relative` read from the folder of `file`, kept relative when `file` is, so that results
    /// record the path as the user would type it (scenarios/x.yaml, not /home/.../scenarios/x.yaml).
    /// An absolute path is kept as written.
    static func path(_ relative: String, besides file: String) -> String {
        if relative.hasPrefix("/") { return relative }
        let folder = (file as NSString).deletingLastPathComponent
        var parts: [Substring] = []
        for part in (folder.isEmpty ? relative : folder + "/" + relative).split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        return (file.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    public static func load(file: String) throws -> SweepFile {
        let (document, own) = try ScenarioValue.loadWithSources(file: file, extendsKey: "\u{0}")
        return try read(document, file: file, source: own[0])
    }

    /// Reads a sweep already parsed from `file` (whose bytes `source` records); `loadBase` reads
    /// the base scenario at the path `base` gives (relative to `file`), with every file behind it,
    /// so that every cell is checked against it; `loadPoints` reads a design's points file.
    public static func read(_ document: ScenarioValue, file: String, source: SourceFile,
                            loadBase: (String) throws -> (value: ScenarioValue, sources: [SourceFile])
                                = { try ScenarioValue.loadWithSources(file: $0) },
                            loadPoints: (String) throws -> Data = { try PointsFile.bytes(of: $0) }) throws -> SweepFile {
        var root = try Field(document, keyPath: "").mapping()
        let baseField = try root.required("base", "the path of the base scenario, relative to this file")
        let relative = try baseField.string()
        let baseFile = Self.path(relative, besides: file)
        // A fixed number of replications per cell, or replications by precision (each cell until its
        // main metrics are precise enough, up to max_replications).
        let precisionField = root.optional("precision"), replicationsField = root.optional("replications")
        let maximumField = root.optional("max_replications")
        var precision: Double?
        let replications: Int
        switch (replicationsField, precisionField) {
        case (let field?, nil):
            if let maximumField { throw maximumField.error("max_replications goes with precision (a fixed number of replications has no cap)") }
            replications = try field.int("a number of replications", in: RunSettings.replicationRange)
        case (nil, let field?):
            precision = try field.double("a share of the mean from 0.001 to 0.5", in: 0.001...0.5)
            replications = try maximumField?.int("a number of replications", in: 3...RunSettings.replicationRange.upperBound) ?? 200
        case (_?, let field?):
            throw field.error("replications and precision are alternatives: a fixed number per cell, or as many as make each "
                              + "cell's main metrics precise")
        case (nil, nil):
            throw ScenarioError(document.location, keyPath: "replications", "missing; expected a number of replications per cell, "
                                + "or precision (replications by precision)")
        }
        let seed = try root.optional("seed")?.seed() ?? 1
        let axesField = root.optional("axes"), designField = root.optional("design")
        var axes: [Axis] = [], parameters: [Parameter] = [], pointsSource: SourceFile?
        var design = Design.grid, keys: [String] = [], points: [Point] = []
        let cellsField: Field
        switch (axesField, designField) {
        case (let axesField?, nil):
            cellsField = axesField
            axes = try readAxes(axesField)
            keys = axes.map(\.key)
            let defaults = Self.shortLabels(keys)
            for i in axes.indices where axes[i].label.isEmpty { axes[i].label = defaults[i] }
            // Each cell is checked below and runs its own experiment: a mistyped step must not make billions.
            let cellCount = axes.reduce(1.0) { $0 * Double($1.values.count) }
            guard cellCount <= Double(maximumCells) else {
                throw axesField.error("the axes make \(String(format: "%.0f", cellCount)) cells; a sweep has at most \(maximumCells) "
                                      + "(fewer values, or several sweeps)")
            }
            points = gridPoints(axes)
        case (nil, let designField?):
            cellsField = designField
            var reader = try designField.mapping()
            let kinds: [(Design, Field)] = [Design.latinHypercube, .sobol, .points].compactMap { kind in
                reader.optional(kind.rawValue).map { (kind, $0) }
            }
            guard kinds.count == 1, let chosen = kinds.first else {
                throw designField.error("a design needs one of latin_hypercube: N, sobol: N (with parameters) or points: FILE.csv"
                                        + (kinds.isEmpty ? "" : ", not several"))
            }
            let (kind, countField) = chosen
            design = kind
            if kind == .points {
                let written = try countField.string()
                let pointsFile = Self.path(written, besides: file)
                let bytes: Data
                do {
                    bytes = try loadPoints(pointsFile)
                } catch {
                    throw countField.error("cannot read the points file \(pointsFile): \(error.localizedDescription)")
                }
                pointsSource = SourceFile(path: pointsFile, bytes: bytes)
                (keys, points) = try PointsFile.read(bytes, file: pointsFile, ownKeys: Self.ownKeys)
            } else {
                let count = try countField.int("a number of points", in: 1...maximumCells)
                let parametersField = try reader.required("parameters", "a list of parameters, each {key, uniform}, {key, log_uniform} "
                                                          + "or {key, levels}")
                parameters = try readParameters(parametersField)
                if kind == .sobol, parameters.count > DesignPoints.sobolMaximumDimensions {
                    throw parametersField.error("a Sobol design has at most \(DesignPoints.sobolMaximumDimensions) parameters "
                                                + "(GSL's direction numbers); use latin_hypercube or a points file")
                }
                guard count * parameters.count <= maximumDesignValues else {
                    throw countField.error("\(count) points of \(parameters.count) parameters make more than "
                                           + "\(maximumDesignValues) values; fewer points or parameters")
                }
                keys = parameters.map(\.key)
                let unit = kind == .sobol
                    ? DesignPoints.sobol(count: count, dimensions: parameters.count)
                    : DesignPoints.latinHypercube(count: count, dimensions: parameters.count,
                                                  stream: RandomStream(baseSeed: seed, replication: 0, name: designStream))
                points = unit.map { u in
                    Point(values: zip(parameters, u).map { $0.value(at: $1) }, locations: parameters.map(\.location))
                }
            }
            try reader.finish()
        case (nil, nil):
            throw ScenarioError(document.location, keyPath: "axes", "missing; expected a list of axes, each {key, values} or {key, range}, "
                                + "or a design")
        case (_?, let designField?):
            throw designField.error("a sweep has axes (a grid) or a design, not both")
        }
        var targets: [Target] = []
        if let targetsField = root.optional("targets") {
            for item in try targetsField.list() {
                var m = try item.mapping()
                let metric = try m.required("metric", "the name of a metric, such as coordination_within_target_share").metric()
                let atLeast = m.optional("at_least"), atMost = m.optional("at_most")
                guard (atLeast == nil) != (atMost == nil) else {
                    throw item.error("a target needs at_least or at_most (one of them), the threshold its metric must reach or not pass")
                }
                let threshold = try (atLeast ?? atMost)!.double("a threshold")
                try m.finish()
                targets.append(Target(metric: metric, direction: atLeast != nil ? .atLeast : .atMost, threshold: threshold))
            }
        }
        try root.finish()
        let (base, sources) = try loadBase(baseFile)
        var sweep = SweepFile(file: file, source: source, baseFile: baseFile, base: base, baseSources: sources, replications: replications,
                              seed: seed, design: design, axes: axes, parameters: parameters, pointsSource: pointsSource, keys: keys,
                              points: points, targets: targets)
        sweep.precision = precision
        try sweep.checkCells(cellsField)
        return sweep
    }

    /// Every combination of the axes' values, the last axis varying fastest.
    static func gridPoints(_ axes: [Axis]) -> [Point] {
        let grid = axes.reduce([[Int]()]) { grid, axis in grid.flatMap { cell in axis.values.indices.map { cell + [$0] } } }
        return grid.map { cell in
            Point(values: zip(axes, cell).map { $0.values[$1] }, locations: zip(axes, cell).map { $0.locations[$1] })
        }
    }

    /// Every cell must be a valid scenario, values combined (a warm-up from one axis may pass a
    /// horizon from another): checked when the file is read, before any cell runs, not hours into a run.
    func checkCells(_ cellsField: Field, word: String = "cell") throws {
        let ownFiles = [file, pointsSource?.path]
        for c in points.indices {
            do {
                _ = try scenario(cell: c)
            } catch let error as ScenarioError where !ownFiles.contains(error.location.file) {
                let values = zip(keys, points[c].values).map { "\($0) = \($1)" }.joined(separator: ", ")
                throw cellsField.error("\(word) \(c) (\(values)) is not a valid scenario: \(error)")
            }
        }
    }

    /// Reads axes; `readingMonotone` also accepts `monotone: true/false` on each (an optimisation's
    /// decision variables).
    static func readAxes(_ axesField: Field, readingMonotone: Bool = false) throws -> [Axis] {
        var axes: [Axis] = []
        for item in try axesField.list() {
            var axis = try item.mapping()
            let key = try checkedKey(&axis, item)
            let label = try axis.optional("label")?.name()
            var monotone = true
            if readingMonotone, let field = axis.optional("monotone") { monotone = try field.bool() }
            var values: [String] = [], locations: [SourceLocation] = []
            if let list = axis.optional("values") {
                let items = try list.list()
                values = try items.map { item in
                    if case .mapping = item.value.content {
                        throw item.error("expected a value as it would be written in the scenario, found a mapping; for a list "
                                         + "of design points (several keys set together), write them in a CSV file and give "
                                         + "design: {points: FILE.csv} instead of axes")
                    }
                    return try item.string()
                }
                locations = items.map(\.location)
            } else if let rangeField = axis.optional("range") {
                var range = try rangeField.mapping()
                let from = try range.required("from", "the first value").double()
                let to = try range.required("to", "the last value").double()
                let stepField = try range.required("step", "the step between values")
                let step = try stepField.double("a step", in: 1e-12...(.infinity))
                try range.finish()
                let steps = ((to - from) / step + 1e-9).rounded(.down)
                guard steps >= 0, steps < 10_000 else { throw rangeField.mismatch("a range of 1 to 10,000 values") }
                let count = Int(steps) + 1
                values = (0..<count).map { format(from + Double($0) * step) }
                locations = Array(repeating: rangeField.location, count: count)
            } else {
                throw item.error("an axis needs values (a list) or a range ({from, to, step})")
            }
            guard !values.isEmpty else { throw item.error("an axis needs at least one value") }
            guard !axes.contains(where: { $0.key == key }) else { throw item.error("the key \(key) has two axes") }
            try axis.finish()
            axes.append(Axis(key: key, values: values, locations: locations, label: label ?? "", monotone: monotone))
        }
        guard !axes.isEmpty else { throw axesField.mismatch("at least one axis") }
        return axes
    }

    /// Short names for axes from their keys: the last part (`fte_per_100k`), with as many parts
    /// before it as it takes to tell the axes apart (`coordination.fte_per_100k`), list indices
    /// left out; never the whole key path when it has more than two parts.
    public static func shortLabels(_ keys: [String]) -> [String] {
        let parts = keys.map { key in
            key.split(separator: ".").map { part in String(part.prefix { $0 != "[" }) }
        }
        var counts = Array(repeating: 1, count: keys.count)
        func label(_ i: Int) -> String { parts[i].suffix(counts[i]).joined(separator: ".") }
        while true {
            let labels = keys.indices.map(label)
            let clashing = keys.indices.filter { i in labels.filter { $0 == labels[i] }.count > 1
                && counts[i] < max(parts[i].count - 1, min(parts[i].count, 2)) }
            if clashing.isEmpty { return labels }
            for i in clashing { counts[i] += 1 }
        }
    }

    /// An axis' or parameter's key path, refused when the sweep sets it itself.
    static func checkedKey(_ reader: inout MappingReader, _ item: Field) throws -> String {
        let key = try reader.required("key", "a key path such as territories[0].readability").string()
        if let own = Self.ownKeys[key] {
            throw item.error("\(key) cannot be swept: every cell runs the sweep's own \(own) (write \(own): at the top of "
                             + "the sweep file; for several seeds, run one sweep per seed)")
        }
        return key
    }

    static func readParameters(_ field: Field) throws -> [Parameter] {
        var parameters: [Parameter] = []
        for item in try field.list() {
            var reader = try item.mapping()
            let key = try checkedKey(&reader, item)
            let (range, unit) = try readRange(&reader, item)
            try reader.finish()
            guard !parameters.contains(where: { $0.key == key }) else { throw item.error("the key \(key) is given twice") }
            parameters.append(Parameter(key: key, range: range, location: item.location, unit: unit, paths: [key]))
        }
        guard !parameters.isEmpty else { throw field.mismatch("at least one parameter") }
        return parameters
    }

    /// The names of the ranges a parameter may have, for messages.
    static let rangeNames = "uniform: {from, to}, log_uniform: {from, to}, triangular: {from, mode, to}, "
        + "beta: {alpha, beta, from, to} or levels: [...]"

    /// One range of `item` (a design's parameter, an uncertain value): one of uniform, log_uniform,
    /// triangular, beta or levels, and the unit written after each number.
    static func readRange(_ reader: inout MappingReader, _ item: Field) throws -> (Parameter.Range, String?) {
        let kinds = ["uniform", "log_uniform", "triangular", "beta", "levels"]
        let given: [(String, Field)] = kinds.compactMap { name in reader.optional(name).map { (name, $0) } }
        guard given.count == 1, let chosen = given.first else {
            throw item.error("a parameter needs one range: \(rangeNames)" + (given.isEmpty ? "" : ", not several"))
        }
        let (kind, rangeField) = chosen
        let unitField = reader.optional("unit")
        if let unitField, kind == "levels" { throw unitField.error("levels are written whole; a unit goes with a numeric range") }
        let unit = try unitField.map { field in
            let text = try field.string()
            guard Quantity.days("1 " + text) != nil else {
                throw field.error("unknown unit \"\(text)\"; expected a unit of duration such as days, weeks, months")
            }
            return text
        }
        if kind == "levels" {
            let levels = try rangeField.list().map { try $0.string() }
            guard !levels.isEmpty else { throw rangeField.error("an empty list of levels; give at least one") }
            return (.levels(levels), nil)
        }
        var bounds = try rangeField.mapping()
        if kind == "beta" {
            let alpha = try bounds.required("alpha", "the first shape, above 0").double("a number above 0", in: Double.leastNonzeroMagnitude...1e6)
            let beta = try bounds.required("beta", "the second shape, above 0").double("a number above 0", in: Double.leastNonzeroMagnitude...1e6)
            let from = try bounds.optional("from")?.double() ?? 0
            let toField = bounds.optional("to")
            let to = try toField?.double() ?? 1
            try bounds.finish()
            guard to > from else { throw (toField ?? rangeField).error("an empty range: to (\(format(to))) must be above from (\(format(from)))") }
            return (.beta(alpha: alpha, beta: beta, from: from, to: to), unit)
        }
        let lowest = kind == "log_uniform" ? Double.leastNonzeroMagnitude : -Double.infinity
        let expected = kind == "log_uniform" ? "a number above 0" : "a number"
        let from = try bounds.required("from", "the lowest value").double(expected, in: lowest...(.infinity))
        let modeField = kind == "triangular" ? try bounds.required("mode", "the most likely value") : nil
        let toField = try bounds.required("to", "the highest value")
        let to = try toField.double(expected, in: lowest...(.infinity))
        let mode = try modeField?.double()
        try bounds.finish()
        guard to > from else {
            throw toField.error("an empty range: to (\(format(to))) must be above from (\(format(from))); for one value, "
                                + "write it in the base scenario")
        }
        switch kind {
        case "triangular":
            guard let mode, (from...to).contains(mode) else {
                throw modeField!.error("the mode (\(format(mode ?? .nan))) must lie from \(format(from)) to \(format(to))")
            }
            return (.triangular(from: from, mode: mode, to: to), unit)
        case "log_uniform": return (.logUniform(from: from, to: to), unit)
        default: return (.uniform(from: from, to: to), unit)
        }
    }

    /// Where key k's value is written: the key path itself, or every place of an uncertain value.
    func paths(ofKey k: Int) -> [String] {
        k < parameters.count && parameters[k].key == keys[k] && !parameters[k].paths.isEmpty ? parameters[k].paths : [keys[k]]
    }

    /// The base scenario with cell `cell`'s values laid over it.
    public func scenario(cell: Int) throws -> Scenario {
        try Scenario.read(laying(cell: cell, over: base), file: baseFile, sources: baseSources)
    }

    /// `value` with cell `cell`'s values written at their keys' paths.
    func laying(cell: Int, over value: ScenarioValue) throws -> ScenarioValue {
        var value = value
        let point = points[cell]
        for k in keys.indices {
            for path in paths(ofKey: k) { value = try value.setting(path: path, to: point.values[k], at: point.locations[k]) }
        }
        return value
    }
}

/// A design's points file: a CSV file whose header names a key path per column and whose every
/// further line is one point (blank lines and lines starting with # are skipped), so that any
/// design tool (SALib, R's sensitivity package, a spreadsheet) can drive a sweep.
public enum PointsFile {
    /// The most bytes a points file may have (100,000 points of a few dozen parameters).
    public static let maximumBytes = 64 << 20

    public static func bytes(of path: String) throws -> Data {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        // A device or a pipe (/dev/zero, a FIFO) would be read forever.
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "not a plain file"])
        }
        guard (attributes[.size] as? Int ?? 0) <= maximumBytes else {
            throw CocoaError(.fileReadTooLarge, userInfo: [NSLocalizedDescriptionKey: "larger than \(maximumBytes >> 20) MB"])
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// The keys (header) and the points of a points file, each value located at its line.
    public static func read(_ bytes: Data, file: String, ownKeys: [String: String] = [:]) throws -> (keys: [String], points: [SweepFile.Point]) {
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ScenarioError(SourceLocation(file: file, line: 0), keyPath: "", "not UTF-8 text; expected a CSV file")
        }
        var keys: [String]?, points: [SweepFile.Point] = []
        var headerLine = 0
        // "\r\n" is one Character in Swift: a file saved on Windows is split on it too.
        for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let location = SourceLocation(file: file, line: n + 1)
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.hasPrefix("#") else { continue }
            guard let cells = split(line) else {
                throw ScenarioError(location, keyPath: "", "a quoted cell is not closed on its line")
            }
            guard let header = keys else {
                for (i, key) in cells.enumerated() {
                    guard !key.isEmpty else {
                        throw ScenarioError(location, keyPath: "", "column \(i + 1) of the header is empty; expected a key path")
                    }
                    if let own = ownKeys[key] {
                        throw ScenarioError(location, keyPath: key, "cannot be swept: every cell runs the sweep's own \(own)")
                    }
                    guard !cells[..<i].contains(key) else { throw ScenarioError(location, keyPath: key, "this column is given twice") }
                }
                keys = cells
                headerLine = n + 1
                continue
            }
            guard cells.count <= header.count else {
                throw ScenarioError(location, keyPath: "", "\(cells.count) cells where the header (line \(headerLine)) has \(header.count)")
            }
            if cells.count < header.count {
                throw ScenarioError(location, keyPath: header[cells.count],
                                    "missing: this line has \(cells.count) cells where the header (line \(headerLine)) has \(header.count)")
            }
            if let empty = cells.firstIndex(where: { $0.isEmpty }) {
                throw ScenarioError(location, keyPath: header[empty], "empty; expected a value")
            }
            guard points.count < SweepFile.maximumCells else {
                throw ScenarioError(location, keyPath: "", "more than \(SweepFile.maximumCells) points; a sweep has at most that many cells")
            }
            points.append(SweepFile.Point(values: cells, locations: Array(repeating: location, count: cells.count)))
        }
        guard let header = keys else {
            throw ScenarioError(SourceLocation(file: file, line: 1), keyPath: "", "empty; expected a header of key paths, then one line per point")
        }
        guard !points.isEmpty else {
            throw ScenarioError(SourceLocation(file: file, line: headerLine), keyPath: "", "no points below the header")
        }
        return (header, points)
    }

    /// The cells of a CSV line (quotes as RFC 4180 writes them, spaces around cells trimmed); nil
    /// when a quote is left open.
    static func split(_ line: Substring) -> [String]? {
        var cells: [String] = [], current = "", quoted = false, wasQuoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    var lookahead = iterator
                    if lookahead.next() == "\"" { current.append("\""); iterator = lookahead } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
                quoted = true
                wasQuoted = true
                current = ""
            } else if c == "," {
                cells.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
                current = ""
                wasQuoted = false
            } else {
                current.append(c)
            }
        }
        guard !quoted else { return nil }
        cells.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return cells
    }
}

extension ScenarioValue {
    /// A copy with the scalar `text` at a key path such as `territories[0].devices[1].coordination.fte`:
    /// mappings along the path are created when missing; list indices must exist. Errors in the
    /// path, and later in the value, are reported at `written`.
    public func setting(path: String, to text: String, at written: SourceLocation) throws -> ScenarioValue {
        guard let steps = Self.steps(of: path) else {
            throw ScenarioError(written, keyPath: path, "not a key path (such as persons.level3_share)")
        }
        return try setting(steps[...], to: text, path: path, written: written)
    }

    /// A key path's steps: each name, then the list indices written after it (`devices[1]`); nil
    /// when a part has no name.
    static func steps(of path: String) -> [(key: String?, index: Int?)]? {
        var steps: [(key: String?, index: Int?)] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]"),
                  let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            guard !name.isEmpty else { return nil }
            steps.append((String(name), nil))
            steps += indices.map { (nil, $0) }
        }
        return steps
    }

    private func setting(_ steps: ArraySlice<(key: String?, index: Int?)>, to text: String, path: String,
                         written: SourceLocation) throws -> ScenarioValue {
        guard let step = steps.first else { return ScenarioValue(.scalar(text), at: written) }
        if let key = step.key {
            var pairs: [(key: String, value: ScenarioValue)]
            switch content {
            case .mapping(let existing): pairs = existing
            case .null: pairs = []
            default: throw ScenarioError(written, keyPath: path, "\(key) is not inside a mapping here")
            }
            // Setting `fte` over a base that writes `fte_per_100k` replaces it, as extends does.
            if steps.count == 1, let group = Self.alternatives.first(where: { $0.contains(key) }) {
                pairs.removeAll { $0.key != key && group.contains($0.key) }
            }
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                pairs[i].value = try pairs[i].value.setting(steps.dropFirst(), to: text, path: path, written: written)
            } else {
                pairs.append((key, try ScenarioValue(.null, at: location).setting(steps.dropFirst(), to: text, path: path,
                                                                                   written: written)))
            }
            return ScenarioValue(.mapping(pairs), at: location)
        }
        guard case .sequence(var items) = content, let index = step.index, items.indices.contains(index) else {
            throw ScenarioError(written, keyPath: path, "no item [\(step.index ?? -1)] in a list here")
        }
        items[index] = try items[index].setting(steps.dropFirst(), to: text, path: path, written: written)
        return ScenarioValue(.sequence(items), at: location)
    }
}
