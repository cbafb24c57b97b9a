import CareModel
import Foundation

/// A parameter sweep: a base scenario, axes of values for any key path, replications and seed.
///
/// ```yaml
/// base: ../scenarios/balanced-500k.yaml
/// replications: 10
/// seed: 2026
/// axes:
///   - {key: territories[0].readability, values: [0.3, 0.5, 0.7]}
///   - {key: persons.hospitalisation_multiplier_coordinated, range: {from: 0.8, to: 1.0, step: 0.1}, label: hospitalisation effect}
/// targets:
///   - {metric: coordination_within_target_share, at_least: 0.9}
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
    public let axes: [Axis]
    public let targets: [Target]

    /// The most cells one sweep may have.
    public static let maximumCells = 100_000

    /// Keys a sweep sets itself: an axis over them would do nothing, since every cell runs the
    /// sweep's own replications and seed.
    static let ownKeys = ["run.seed": "seed", "run.replications": "replications"]

    /// The grid's cells in order (the last axis varying fastest): one value index per axis.
    public var cells: [[Int]] {
        axes.reduce([[]]) { grid, axis in grid.flatMap { cell in axis.values.indices.map { cell + [$0] } } }
    }

    /// `relative` read from the folder of `file`, kept relative when `file` is, so that results
    /// record the path as the user would type it (scenarios/x.yaml, not /home/.../scenarios/x.yaml).
    static func path(_ relative: String, besides file: String) -> String {
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
    /// so that every cell is checked against it.
    public static func read(_ document: ScenarioValue, file: String, source: SourceFile,
                            loadBase: (String) throws -> (value: ScenarioValue, sources: [SourceFile])
                                = { try ScenarioValue.loadWithSources(file: $0) }) throws -> SweepFile {
        var root = try Field(document, keyPath: "").mapping()
        let baseField = try root.required("base", "the path of the base scenario, relative to this file")
        let relative = try baseField.string()
        let baseFile = relative.hasPrefix("/") ? relative : Self.path(relative, besides: file)
        let replications = try root.required("replications", "a number of replications").int("a number of replications", in: RunSettings.replicationRange)
        let seed = try root.optional("seed")?.seed() ?? 1
        let axesField = try root.required("axes", "a list of axes, each {key, values} or {key, range}")
        var axes: [Axis] = []
        for item in try axesField.list() {
            var axis = try item.mapping()
            let key = try axis.required("key", "a key path such as territories[0].readability").string()
            let label = try axis.optional("label")?.name()
            if let own = Self.ownKeys[key] {
                throw item.error("\(key) cannot be swept: every cell runs the sweep's own \(own) (write \(own): at the top of "
                                 + "the sweep file; for several seeds, run one sweep per seed)")
            }
            var values: [String] = [], locations: [SourceLocation] = []
            if let list = axis.optional("values") {
                let items = try list.list()
                values = try items.map { try $0.string() }
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
                values = (0..<count).map { String(format: "%.10g", from + Double($0) * step) }
                locations = Array(repeating: rangeField.location, count: count)
            } else {
                throw item.error("an axis needs values (a list) or a range ({from, to, step})")
            }
            guard !values.isEmpty else { throw item.error("an axis needs at least one value") }
            guard !axes.contains(where: { $0.key == key }) else { throw item.error("the key \(key) has two axes") }
            try axis.finish()
            axes.append(Axis(key: key, values: values, locations: locations, label: label ?? ""))
        }
        guard !axes.isEmpty else { throw axesField.mismatch("at least one axis") }
        let defaults = Self.shortLabels(axes.map(\.key))
        for i in axes.indices where axes[i].label.isEmpty { axes[i].label = defaults[i] }
        var targets: [Target] = []
        if let targetsField = root.optional("targets") {
            for item in try targetsField.list() {
                var m = try item.mapping()
                let metricField = try m.required("metric", "the name of a metric, such as coordination_within_target_share")
                let metric = try metricField.string()
                guard TerritoryResult.metricNames.contains(metric) else {
                    throw metricField.error("unknown metric \"\(metric)\"; the metrics are the names in summary.csv, "
                                            + "such as coordination_within_target_share")
                }
                let atLeast = m.optional("at_least"), atMost = m.optional("at_most")
                guard (atLeast == nil) != (atMost == nil) else {
                    throw item.error("a target needs at_least or at_most (one of them), the threshold its metric must reach or not pass")
                }
                let threshold = try (atLeast ?? atMost)!.double("a threshold")
                try m.finish()
                targets.append(Target(metric: metric, direction: atLeast != nil ? .atLeast : .atMost, threshold: threshold))
            }
        }
        // Each cell is checked below and runs its own experiment: a mistyped step must not make billions.
        let cellCount = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard cellCount <= Double(maximumCells) else {
            throw axesField.error("the axes make \(String(format: "%.0f", cellCount)) cells; a sweep has at most \(maximumCells) "
                                  + "(fewer values, or several sweeps)")
        }
        try root.finish()
        let (base, sources) = try loadBase(baseFile)
        let sweep = SweepFile(file: file, source: source, baseFile: baseFile, base: base, baseSources: sources, replications: replications,
                              seed: seed, axes: axes, targets: targets)
        // Every cell must be a valid scenario, values combined (a warm-up from one axis may pass a
        // horizon from another): checked now, before any cell runs, not hours into a run.
        for (c, cell) in sweep.cells.enumerated() {
            do {
                _ = try sweep.scenario(cell: cell)
            } catch let error as ScenarioError where error.location.file != file {
                let values = zip(axes, cell).map { "\($0.key) = \($0.values[$1])" }.joined(separator: ", ")
                throw axesField.error("cell \(c) (\(values)) is not a valid scenario: \(error)")
            }
        }
        return sweep
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

    /// The base scenario with this cell's values laid over it.
    public func scenario(cell: [Int]) throws -> Scenario {
        var value = base
        for (axis, index) in zip(axes, cell) {
            value = try value.setting(path: axis.key, to: axis.values[index], at: axis.locations[index])
        }
        return try Scenario.read(value, file: baseFile, sources: baseSources)
    }
}

extension ScenarioValue {
    /// A copy with the scalar `text` at a key path such as `territories[0].devices[1].coordination.fte`:
    /// mappings along the path are created when missing; list indices must exist. Errors in the
    /// path, and later in the value, are reported at `written`.
    public func setting(path: String, to text: String, at written: SourceLocation) throws -> ScenarioValue {
        var steps: [(key: String?, index: Int?)] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]"),
                  let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            guard !name.isEmpty else { throw ScenarioError(written, keyPath: path, "not a key path (such as persons.level3_share)") }
            steps.append((String(name), nil))
            steps += indices.map { (nil, $0) }
        }
        return try setting(steps[...], to: text, path: path, written: written)
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
