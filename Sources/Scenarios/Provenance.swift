/// Where a figure comes from: a published source (its id in docs/sources.md), an assumption (no
/// published figure: a value to sweep or calibrate), or a calibration file that fits it to
/// observed figures.
public enum Provenance: Sendable, Equatable, CustomStringConvertible {
    case source(String, String)
    case assumption(String)
    case calibrated(file: String, String)

    /// The note that says how the figure follows from its source, or why it is assumed.
    public var note: String {
        switch self {
        case .source(_, let note), .assumption(let note), .calibrated(_, let note): return note
        }
    }

    /// The kind and its reference, without the note: `source hdf-2024`, `assumption`, `calibrated: FILE`.
    public var kind: String {
        switch self {
        case .source(let id, _): return "source \(id)"
        case .assumption: return "assumption"
        case .calibrated(let file, _): return "calibrated: \(file)"
        }
    }

    public var description: String { note.isEmpty ? kind : "\(kind) (\(note))" }
}

/// Where a value that no scenario file wrote comes from.
public enum ValueOrigin: Sendable, Equatable, CustomStringConvertible {
    /// One of the model's defaults (Defaults.swift).
    case byDefault(Provenance)
    /// The values an archetype gives its territories.
    case archetype(String, Provenance)
    /// What the reader makes of the values around it (a convergence with no date, a spin-up
    /// replaced by today's counts).
    case derived(String)

    public var description: String {
        switch self {
        case .byDefault(let provenance): return "default, \(provenance)"
        case .archetype(let name, let provenance): return "archetype \(name), \(provenance)"
        case .derived(let why): return why
        }
    }
}

/// One value of a table of defaults: its key path as a scenario writes it (from the place the
/// table applies to), its value as YAML, its unit and where it comes from.
public struct DefaultValue: Sendable {
    public let keyPath: String
    public let value: String
    public let unit: String
    public let provenance: Provenance

    /// The plausible ranges of the value, or of numbers inside it (`exponential.mean` of a
    /// duration), over which `dacsim run --uncertainty` draws it.
    public private(set) var ranges: [DefaultRange] = []
    /// Why a value marked assumption or calibrated has no range: a setting or a choice, not an
    /// uncertain quantity.
    public private(set) var certainBecause: String?

    public init(_ keyPath: String, _ value: String, _ unit: String, _ provenance: Provenance) {
        self.keyPath = keyPath
        self.value = value
        self.unit = unit
        self.provenance = provenance
    }

    /// This value with a plausible range at `inside` (a key path under the value, empty for the
    /// value itself), written as a scenario's `uncertain:` entry (`{uniform: {from: 0.1, to: 0.3}}`).
    func within(_ range: String, _ why: String, inside: String = "") -> DefaultValue {
        var value = self
        value.ranges.append(DefaultRange(inside: inside, range: range, why: why))
        return value
    }

    /// This value held at its value by an uncertainty analysis, and why.
    func certain(_ why: String) -> DefaultValue {
        var value = self
        value.certainBecause = why
        return value
    }
}

/// A plausible range of a default, or of a number inside it, as a scenario's `uncertain:` entry writes it.
public struct DefaultRange: Sendable {
    public let inside: String
    public let range: String
    public let why: String
}

/// A table of defaults and the place in a scenario it fills: the scenario itself, its run, each
/// territory, each front desk, caseload or convergence. Its tree is what the reader lays a
/// scenario's values over, so no default exists without its provenance.
public struct DefaultTable: Sendable {
    public let name: String
    /// Where the table applies, as docs/scenarios.md writes it (`territories[]`, `...front_desk`).
    public let place: String
    public let values: [DefaultValue]
    /// The file name errors give for these values ("<model defaults>"): it starts with "<", which
    /// the reader uses to tell defaults from what a scenario wrote.
    let file: String
    public let tree: ScenarioValue

    init(name: String, place: String, file: String, values: [DefaultValue],
         origin: @escaping @Sendable (Provenance) -> ValueOrigin = { .byDefault($0) }) {
        self.name = name
        self.place = place
        self.file = file
        self.values = values
        let location = SourceLocation(file: file, line: 0)
        var tree = ScenarioValue(.mapping([]), at: location)
        for entry in values {
            // The values are constant text, parsed by the tests of every table: a failure here is a bug.
            let value = try! ScenarioValue.parse(entry.value, file: file).marked(origin(entry.provenance))
            tree = tree.inserting(value, at: entry.keyPath.split(separator: ".").map(String.init)[...], location: location)
        }
        self.tree = tree
    }

    /// `value` with this table's values under it: what `value` does not say, the table does.
    public func under(_ value: ScenarioValue) -> ScenarioValue { tree.overridden(by: value) }
}

extension ScenarioValue {
    /// This mapping with `value` at `path`, making the mappings on the way.
    func inserting(_ value: ScenarioValue, at path: ArraySlice<String>, location: SourceLocation) -> ScenarioValue {
        guard let key = path.first else { return value }
        var pairs: [(key: String, value: ScenarioValue)] = []
        if case .mapping(let existing) = content { pairs = existing }
        if let i = pairs.firstIndex(where: { $0.key == key }) {
            pairs[i].value = pairs[i].value.inserting(value, at: path.dropFirst(), location: location)
        } else {
            pairs.append((key, ScenarioValue(.mapping([]), at: location).inserting(value, at: path.dropFirst(), location: location)))
        }
        return ScenarioValue(.mapping(pairs), at: self.location)
    }
}
