import Foundation

/// A parameter sweep: a base scenario, axes of values for any key path, replications and seed.
///
/// ```yaml
/// base: ../scenarios/balanced-500k.yaml
/// replications: 10
/// seed: 2026
/// axes:
///   - {key: territories[0].readability, values: [0.3, 0.5, 0.7]}
///   - {key: persons.hospitalisation_multiplier_coordinated, range: {from: 0.8, to: 1.0, step: 0.1}}
/// ```
public struct SweepFile: Sendable {
    public struct Axis: Sendable, Equatable {
        public let key: String
        /// Each value as written, to be laid over the base scenario at `key`.
        public let values: [String]
    }

    public let file: String
    public let baseFile: String
    public let replications: Int
    public let seed: UInt64
    public let axes: [Axis]

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
        try read(ScenarioValue.load(file: file, extendsKey: "\u{0}"), file: file)
    }

    /// Reads a sweep already parsed from `file`; `loadBase` reads the base scenario at the path
    /// `base` gives (relative to `file`), so that every value of every axis is checked against it.
    public static func read(_ document: ScenarioValue, file: String,
                            loadBase: (String) throws -> ScenarioValue = { try ScenarioValue.load(file: $0) }) throws -> SweepFile {
        var root = try Field(document, keyPath: "").mapping()
        let baseField = try root.required("base", "the path of the base scenario, relative to this file")
        let relative = try baseField.string()
        let baseFile = relative.hasPrefix("/") ? relative : Self.path(relative, besides: file)
        let replications = try root.required("replications", "a number of replications").int("a number of replications", in: 1...100_000)
        let seed = try root.optional("seed")?.int("a seed", in: 0...Int.max) ?? 1
        let axesField = try root.required("axes", "a list of axes, each {key, values} or {key, range}")
        var axes: [Axis] = []
        for item in try axesField.list() {
            var axis = try item.mapping()
            let key = try axis.required("key", "a key path such as territories[0].readability").string()
            var values: [String] = []
            if let list = axis.optional("values") {
                values = try list.list().map { try $0.string() }
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
            } else {
                throw item.error("an axis needs values (a list) or a range ({from, to, step})")
            }
            guard !values.isEmpty else { throw item.error("an axis needs at least one value") }
            guard !axes.contains(where: { $0.key == key }) else { throw item.error("the key \(key) has two axes") }
            try axis.finish()
            axes.append(Axis(key: key, values: values))
        }
        guard !axes.isEmpty else { throw axesField.mismatch("at least one axis") }
        try root.finish()
        let sweep = SweepFile(file: file, baseFile: baseFile, replications: replications, seed: UInt64(seed), axes: axes)
        // Every value of every axis must give a valid scenario: checked now, not hours into a run.
        let base = try loadBase(baseFile)
        for (a, axis) in axes.enumerated() {
            for value in axis.values.indices {
                var cell = Array(repeating: 0, count: axes.count)
                cell[a] = value
                _ = try sweep.scenario(cell: cell, base: base, axisItem: try axesField.list()[a])
            }
        }
        return sweep
    }

    /// The base scenario with this cell's values laid over it.
    public func scenario(cell: [Int], base: ScenarioValue, axisItem: Field? = nil) throws -> Scenario {
        var value = base
        for (axis, index) in zip(axes, cell) {
            do {
                value = try value.setting(path: axis.key, to: axis.values[index])
            } catch let error as ScenarioError {
                throw axisItem.map { $0.error(error.message) } ?? error
            }
        }
        return try Scenario.read(value, file: baseFile)
    }
}

extension ScenarioValue {
    /// A copy with the scalar `text` at a key path such as `territories[0].devices[1].coordination.fte`:
    /// mappings along the path are created when missing; list indices must exist.
    public func setting(path: String, to text: String) throws -> ScenarioValue {
        var steps: [(key: String?, index: Int?)] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]"),
                  let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            guard !name.isEmpty else { throw ScenarioError(location, keyPath: path, "not a key path (such as persons.level3_share)") }
            steps.append((String(name), nil))
            steps += indices.map { (nil, $0) }
        }
        return try setting(steps[...], to: text, path: path)
    }

    private func setting(_ steps: ArraySlice<(key: String?, index: Int?)>, to text: String, path: String) throws -> ScenarioValue {
        guard let step = steps.first else { return ScenarioValue(.scalar(text), at: location) }
        if let key = step.key {
            var pairs: [(key: String, value: ScenarioValue)]
            switch content {
            case .mapping(let existing): pairs = existing
            case .null: pairs = []
            default: throw ScenarioError(location, keyPath: path, "\(key) is not inside a mapping here")
            }
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                pairs[i].value = try pairs[i].value.setting(steps.dropFirst(), to: text, path: path)
            } else {
                pairs.append((key, try ScenarioValue(.null, at: location).setting(steps.dropFirst(), to: text, path: path)))
            }
            return ScenarioValue(.mapping(pairs), at: location)
        }
        guard case .sequence(var items) = content, let index = step.index, items.indices.contains(index) else {
            throw ScenarioError(location, keyPath: path, "no item [\(step.index ?? -1)] in a list here")
        }
        items[index] = try items[index].setting(steps.dropFirst(), to: text, path: path)
        return ScenarioValue(.sequence(items), at: location)
    }
}
