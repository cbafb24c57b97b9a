import Foundation
import Randomness
import CareModel

/// The uncertain values of a scenario and the range each is drawn over: every default that the
/// tables of defaults give a plausible range and that the scenario leaves to them, then what its
/// `uncertain:` block adds, replaces or holds fixed.
///
/// ```yaml
/// uncertain:
///   from_defaults: true                 # the defaults' ranges apply (false: only the values below)
///   values:
///     territories[*].turnover.quits_per_year: {log_uniform: {from: 0.1, to: 0.3}, why: local HR figures}
///     "territories[0].devices[0].coordination.duration.exponential.mean": {uniform: {from: 20, to: 30}, unit: days}
///     referral.probability: fixed       # known here: no range
/// ```
///
/// One uncertain value is one parameter however many places it applies to: a territory default
/// left to every territory is drawn once and written in each (the quits of every DAC are one
/// unknown, not a hundred independent ones). An archetype's value is a parameter of its own.
public struct Uncertainty: Sendable {
    /// Each parameter's key is its name (`turnover.quits_per_year`, or the key path written in the
    /// `uncertain:` block); its paths are the concrete places its value is written.
    public let parameters: [SweepFile.Parameter]

    public static let key = "uncertain"

    /// The uncertain values of the scenario `document` (as read from `file`, extends merged).
    /// `checkingRanges` reads the scenario at each end of every range the `uncertain:` block gives,
    /// so that a range outside its value's valid domain is an error at the block's line.
    public static func of(_ document: ScenarioValue, file: String, checkingRanges: Bool = true) throws -> Uncertainty {
        let resolved = Scenario.resolved(document)
        var leaves: [(path: String, origin: ValueOrigin?)] = []
        var nodes: [String: ScenarioValue] = [:]
        collect(resolved, path: "", leaves: &leaves, nodes: &nodes)
        let block = try Block.read(document)
        var groups: [Group] = []
        if block.fromDefaults {
            var index: [String: Int] = [:]
            for leaf in leaves {
                guard let origin = leaf.origin, let found = DefaultLookup.range(at: leaf.path, origin: origin) else { continue }
                if let g = index[found.name] {
                    groups[g].paths.append(leaf.path)
                } else {
                    index[found.name] = groups.count
                    groups.append(found)
                }
            }
        }
        for entry in block.entries {
            let paths = try entry.expand(nodes)
            let taken = Set(paths)
            for g in groups.indices { groups[g].paths.removeAll { taken.contains($0) } }
            groups.removeAll { $0.paths.isEmpty }
            if let range = entry.range {
                groups.append(Group(name: entry.key, range: range, unit: entry.unit, why: entry.why, location: entry.field.location,
                                    paths: paths))
            }
        }
        let parameters = groups.map { group in
            var parameter = SweepFile.Parameter(key: group.name, range: group.range, location: group.location, unit: group.unit)
            parameter.paths = group.paths
            parameter.why = group.why
            return parameter
        }
        let uncertainty = Uncertainty(parameters: parameters)
        if checkingRanges { try uncertainty.checkRanges(document, file: file) }
        return uncertainty
    }

    /// Reads the scenario at the lowest and highest value of each range the scenario's block gives,
    /// and at each of its levels.
    func checkRanges(_ document: ScenarioValue, file: String) throws {
        let plain = Scenario.resolved(document.removing(Self.key))
        for parameter in parameters where !parameter.location.file.hasPrefix("<") {
            // Each end of a numeric range, each of a list of levels.
            var points = 2
            if case .levels(let levels) = parameter.range { points = max(2, levels.count) }
            for u in (0..<points).map({ min(Double($0) / Double(points - 1), 1.0.nextDown) }) {
                let text = parameter.value(at: u)
                do {
                    _ = try Scenario.read(try parameter.writing(text, into: plain), file: file)
                } catch let error as ScenarioError {
                    throw ScenarioError(parameter.location, keyPath: "\(Self.key).values.\(parameter.key)",
                                        "the range reaches \(text), which is not valid there: \(error.message)")
                }
            }
        }
    }

    struct Group {
        let name: String
        let range: SweepFile.Parameter.Range
        let unit: String?
        let why: String
        let location: SourceLocation
        var paths: [String]
    }

    /// Every scalar leaf (and every node, by path) of a resolved tree.
    static func collect(_ value: ScenarioValue, path: String, leaves: inout [(path: String, origin: ValueOrigin?)],
                        nodes: inout [String: ScenarioValue]) {
        if !path.isEmpty { nodes[path] = value }
        switch value.content {
        case .mapping(let pairs):
            for (key, child) in pairs { collect(child, path: path.isEmpty ? key : "\(path).\(key)", leaves: &leaves, nodes: &nodes) }
        case .sequence(let items):
            for (i, item) in items.enumerated() { collect(item, path: "\(path)[\(i)]", leaves: &leaves, nodes: &nodes) }
        default:
            leaves.append((path, value.origin))
        }
    }

    /// The scenario's `uncertain:` block.
    struct Block {
        struct Entry {
            let key: String
            let field: Field
            /// nil for `fixed`.
            let range: SweepFile.Parameter.Range?
            let unit: String?
            let why: String

            /// The concrete paths `key` names (`[*]` is every item of a list), each a scalar value.
            func expand(_ nodes: [String: ScenarioValue]) throws -> [String] {
                if key == "run" || key.hasPrefix("run.") {
                    throw field.error("a setting of the run, not an uncertain value")
                }
                var paths = [""]
                for part in key.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
                    var next: [String] = []
                    let pieces = part.components(separatedBy: "[*]")
                    for base in paths {
                        var candidates = [base.isEmpty ? pieces[0] : base + "." + pieces[0]]
                        for rest in pieces.dropFirst() {
                            candidates = candidates.flatMap { prefix in
                                (0...).lazy.map { "\(prefix)[\($0)]" }.prefix { nodes[$0] != nil }.map { $0 + rest }
                            }
                        }
                        next += candidates
                    }
                    paths = next
                }
                paths = paths.filter { nodes[$0] != nil }
                guard !paths.isEmpty else {
                    throw field.error("no value at this key path in the scenario; expected the key path of a number, as "
                                      + "dacsim show SCENARIO lists them (a list's items as [0] or [*])")
                }
                for path in paths {
                    switch nodes[path]!.content {
                    case .scalar: continue
                    case .mapping(let pairs):
                        let inside = pairs.first.map { "\(key).\($0.key)" + (Self.firstNumber(in: $0.value).map { ".\($0)" } ?? "") } ?? key
                        throw field.error("\(path) is not a single value; give a number inside it, such as \(inside)")
                    default:
                        throw field.error("\(path) is a list, not a single value; give one of its items, such as \(key)[0]")
                    }
                }
                return paths
            }

            static func firstNumber(in value: ScenarioValue) -> String? {
                guard case .mapping(let pairs) = value.content, let first = pairs.first else { return nil }
                return first.key
            }
        }

        var fromDefaults = true
        var entries: [Entry] = []

        static func read(_ document: ScenarioValue) throws -> Block {
            var block = Block()
            guard case .mapping(let pairs) = document.content, let value = pairs.first(where: { $0.key == Uncertainty.key })?.value else {
                return block
            }
            var reader = try Field(value, keyPath: Uncertainty.key).mapping()
            block.fromDefaults = try reader.optional("from_defaults")?.bool() ?? true
            if let values = reader.optional("values") {
                guard case .mapping(let items) = values.value.content else {
                    throw values.mismatch("a mapping of key paths to ranges")
                }
                for (key, item) in items {
                    let field = Field(item, keyPath: "\(Uncertainty.key).values.\(key)")
                    guard ScenarioValue.steps(of: key.replacingOccurrences(of: "[*]", with: "[0]")) != nil else {
                        throw field.error("not a key path (such as referral.probability or territories[*].readability)")
                    }
                    if case .scalar(let word) = item.content {
                        guard word == "fixed" else {
                            throw field.error("expected a range (\(SweepFile.rangeNames)), or fixed to hold the value")
                        }
                        block.entries.append(Entry(key: key, field: field, range: nil, unit: nil, why: ""))
                        continue
                    }
                    var entry = try field.mapping()
                    let (range, unit) = try SweepFile.readRange(&entry, field)
                    let why = try entry.optional("why")?.string() ?? ""
                    try entry.finish()
                    block.entries.append(Entry(key: key, field: field, range: range, unit: unit, why: why))
                }
            }
            try reader.finish()
            return block
        }
    }
}

/// Which default, and which range of it, a value left to the tables of defaults comes from.
enum DefaultLookup {
    struct Candidate {
        let table: DefaultTable
        let archetype: String?
        let entry: DefaultValue
        let range: DefaultRange
        let key: [String]
        let parsed: (SweepFile.Parameter.Range, String?)
    }

    /// Every range of every table, parsed once.
    static let candidates: [Candidate] = {
        var list: [Candidate] = []
        let tables = DefaultTable.all.map { ($0, nil as String?) } + Archetype.allCases.compactMap { a in
            Defaults.archetypes[a].map { ($0, a.rawValue as String?) }
        }
        for (table, archetype) in tables {
            for entry in table.values {
                for range in entry.ranges {
                    let parsed = range.parsed(keyPath: entry.keyPath)
                    let key = (entry.keyPath + (range.inside.isEmpty ? "" : "." + range.inside)).split(separator: ".").map(String.init)
                    list.append(Candidate(table: table, archetype: archetype, entry: entry, range: range, key: key, parsed: parsed))
                }
            }
        }
        return list
    }()

    /// The last component of a table's place (nil for the scenario's top level).
    static func placeName(_ table: DefaultTable) -> String? {
        if table.place.isEmpty { return nil }
        if table.place.hasPrefix("territories[]") { return "territories" }
        return table.place.split(separator: ".").last.map(String.init)
    }

    /// The range of the default a value at `path` comes from, as a parameter written at `path`
    /// alone (located at "<default>" or "<archetype NAME>").
    static func range(at path: String, origin: ValueOrigin) -> Uncertainty.Group? {
        let provenance: Provenance, archetype: String?
        switch origin {
        case .byDefault(let p): (provenance, archetype) = (p, nil)
        case .archetype(let name, let p): (provenance, archetype) = (p, name)
        case .derived: return nil
        }
        let parts = path.split(separator: ".").map { String($0.prefix { $0 != "[" }) }
        for candidate in candidates where candidate.archetype == archetype && candidate.entry.provenance == provenance {
            let k = candidate.key, place = placeName(candidate.table)
            guard parts.count >= k.count, Array(parts.suffix(k.count)) == k else { continue }
            let before = parts.count - k.count
            guard place == nil ? before == 0 : before > 0 && parts[before - 1] == place else { continue }
            let own = candidate.entry.keyPath + (candidate.range.inside.isEmpty ? "" : "." + candidate.range.inside)
            let tableName = candidate.table.place.hasPrefix("territories") ? "" : candidate.table.place
            let name = (tableName.isEmpty ? own : "\(tableName).\(own)") + (archetype.map { " (\($0))" } ?? "")
            let origin = archetype.map { "archetype \($0)" } ?? "default"
            return Uncertainty.Group(name: name, range: candidate.parsed.0, unit: candidate.parsed.1, why: candidate.range.why,
                                     location: SourceLocation(file: "<\(origin)>", line: 0), paths: [path])
        }
        return nil
    }
}

extension ScenarioValue {
    /// This mapping without `key`.
    func removing(_ key: String) -> ScenarioValue {
        guard case .mapping(let pairs) = content else { return self }
        return ScenarioValue(.mapping(pairs.filter { $0.key != key }), at: location, origin: origin)
    }
}

extension DefaultRange {
    /// The range and its unit, read as a scenario's `uncertain:` entry at `keyPath`.
    func parsed(keyPath: String) -> (SweepFile.Parameter.Range, String?) {
        // The ranges are constant text, checked by the tests of every table: a failure here is a bug.
        let field = Field(try! ScenarioValue.parse(range, file: "<defaults>"), keyPath: keyPath)
        var reader = try! field.mapping()
        return try! SweepFile.readRange(&reader, field)
    }
}

extension DefaultValue {
    /// Each range in words, with the part of the value it applies to and its reason
    /// (`exponential.mean: uniform 2-8 months (no figure)`); for a value held fixed, why.
    public var rangeSummary: String {
        if let why = certainBecause { return "none: \(why)" }
        return ranges.map { range in
            let (parsed, unit) = range.parsed(keyPath: keyPath)
            let summary = SweepFile.Parameter(key: keyPath, range: parsed, location: SourceLocation(file: "<defaults>", line: 0),
                                              unit: unit).summary
            return (range.inside.isEmpty ? "" : "\(range.inside): ") + summary + " (\(range.why))"
        }.joined(separator: "; ")
    }
}

extension Uncertainty {
    /// The ranges that apply at `path` or inside it, in words (`exponential.mean: uniform 2-8 months`).
    public func ranges(at path: String) -> String {
        parameters.compactMap { parameter -> String? in
            guard let inside = parameter.paths.lazy.compactMap({ p -> String? in
                p == path ? "" : p.hasPrefix(path + ".") ? String(p.dropFirst(path.count + 1)) + ": " : nil
            }).first else { return nil }
            return inside + parameter.summary
        }.joined(separator: "; ")
    }
}

/// One scenario of an uncertainty analysis: its file as read, its uncertain values, and the
/// values a calibration's accepted sets give in their place.
public struct UncertaintySide: Sendable {
    public let file: String
    let document: ScenarioValue
    let sources: [SourceFile]
    public let scenario: Scenario
    /// The uncertain values the ranges give (those the accepted sets give removed).
    public let parameters: [SweepFile.Parameter]
    /// The accepted sets' key paths and rows, and their file.
    let fileKeys: [String]
    let rows: [SweepFile.Point]
    let pointsSource: SourceFile?

    /// Reads `file` and its uncertain values; with `accepted` (a calibration's accepted.csv), the
    /// values its columns give come from its rows instead of their ranges.
    public init(scenario file: String, accepted: String? = nil) throws {
        self.file = file
        (document, sources) = try ScenarioValue.loadWithSources(file: file)
        scenario = try Scenario.read(document, file: file, sources: sources)
        var parameters = try Uncertainty.of(document, file: file).parameters
        var fileKeys: [String] = [], rows: [SweepFile.Point] = [], pointsSource: SourceFile?
        if let accepted {
            let bytes: Data
            do { bytes = try PointsFile.bytes(of: accepted) } catch {
                throw ScenarioError(SourceLocation(file: accepted, line: 0), keyPath: "", "cannot read it: \(error.localizedDescription)")
            }
            pointsSource = SourceFile(path: accepted, bytes: bytes)
            let (keys, points) = try PointsFile.read(bytes, file: accepted)
            let kept = keys.indices.filter { !SweepFile.acceptedExtras.contains(keys[$0]) && !keys[$0].hasPrefix("target_") }
            guard !kept.isEmpty else {
                throw ScenarioError(SourceLocation(file: accepted, line: 1), keyPath: "", "no parameter columns; expected key paths "
                                    + "beside wave, cell, weight, target_* and implausibility (a calibration's accepted.csv)")
            }
            // A calibration writes durations without their unit; its marginals.csv, beside it, has them.
            let units = SweepFile.acceptedUnits(besides: accepted)
            fileKeys = kept.map { keys[$0] }
            rows = points.map { point in
                SweepFile.Point(values: kept.map { k in point.values[k] + (units[keys[k]].map { " " + $0 } ?? "") },
                                locations: kept.map { point.locations[$0] })
            }
            let taken = Set(fileKeys)
            parameters = parameters.compactMap { parameter in
                var parameter = parameter
                parameter.paths.removeAll { taken.contains($0) }
                return parameter.paths.isEmpty ? nil : parameter
            }
        }
        guard !parameters.isEmpty || !fileKeys.isEmpty else {
            throw ScenarioError(document.location, keyPath: Uncertainty.key, "no uncertain value: the scenario holds every default "
                                + "with a range fixed (give ranges under uncertain: values)")
        }
        self.parameters = parameters
        self.fileKeys = fileKeys
        self.rows = rows
        self.pointsSource = pointsSource
    }

    /// The parameter sets as a sweep: set i takes coordinate `unit[i][k]` for the uncertain value
    /// named `names[k]` (a name this scenario lacks is skipped), and the accepted sets' row i
    /// modulo their number.
    func sweep(names: [String], unit: [[Double]], replications: Int?, seed: UInt64?) throws -> SweepFile {
        let seed = seed ?? scenario.run.seed, replications = replications ?? scenario.run.replications
        let column = parameters.map { parameter in names.firstIndex(of: parameter.key)! }
        let points = unit.indices.map { i -> SweepFile.Point in
            let drawn = SweepFile.Point(values: zip(parameters, column).map { $0.value(at: unit[i][$1]) }, locations: parameters.map(\.location))
            guard !rows.isEmpty else { return drawn }
            let row = rows[i % rows.count]
            return SweepFile.Point(values: drawn.values + row.values, locations: drawn.locations + row.locations)
        }
        // Values are set in the resolved scenario: an uncertain value may lie where only an archetype
        // writes (its devices), which the file's own tree does not hold.
        var sweep = SweepFile(file: file, source: sources[0], baseFile: file, base: Scenario.resolved(document), baseSources: sources,
                              replications: replications, seed: seed, design: .uncertainty, axes: [], parameters: parameters,
                              pointsSource: pointsSource, keys: parameters.map(\.key) + fileKeys, points: points, targets: [])
        sweep.numbers = unit.indices.map { i in numbers(set: i, unit: unit[i], column: column) }
        try sweep.checkCells(Field(document, keyPath: Uncertainty.key), word: "parameter set")
        return sweep
    }

    /// Set i's value of each key as a number (a level by its place in the list).
    func numbers(set i: Int, unit: [Double], column: [Int]) -> [Double] {
        zip(parameters, column).map { parameter, k in
            if case .levels(let levels) = parameter.range { return Double(levels.firstIndex(of: parameter.value(at: unit[k])) ?? 0) }
            return parameter.number(at: unit[k])
        } + (rows.isEmpty ? [] : rows[i % rows.count].values.map { Double($0.split(separator: " ").first ?? "") ?? .nan })
    }
}

extension SweepFile {
    /// The name of the random stream an uncertainty analysis' Latin hypercube is drawn from.
    public static let uncertaintyStream = "uncertainty.design.latin_hypercube"

    /// Columns of a calibration's accepted.csv that are not parameters.
    static let acceptedExtras: Set<String> = ["wave", "cell", "weight", "implausibility"]

    /// A Latin hypercube of `sets` points over `dimensions` uncertain values (stream
    /// `uncertainty.design.latin_hypercube` of the seed).
    static func uncertaintyDesign(sets: Int, dimensions: Int, seed: UInt64) throws -> [[Double]] {
        guard dimensions * sets <= maximumDesignValues else {
            throw ScenarioError(SourceLocation(file: "--uncertainty", line: 0), keyPath: "", "\(sets) sets of \(dimensions) values "
                                + "make more than \(maximumDesignValues) values; fewer sets")
        }
        return dimensions == 0 ? Array(repeating: [], count: sets)
            : DesignPoints.latinHypercube(count: sets, dimensions: dimensions,
                                          stream: RandomStream(baseSeed: seed, replication: 0, name: uncertaintyStream))
    }

    /// An uncertainty analysis of the scenario `file` as a sweep: `sets` parameter sets, a Latin
    /// hypercube over its uncertain values, each run with the same replications and seed (common
    /// random numbers). With `accepted` (a calibration's accepted.csv), set i takes the file's row
    /// i modulo its rows for the values the file gives, in place of their ranges.
    public static func uncertainty(scenario file: String, sets: Int, accepted: String? = nil, replications: Int? = nil,
                                   seed: UInt64? = nil) throws -> SweepFile {
        let side = try UncertaintySide(scenario: file, accepted: accepted)
        let names = side.parameters.map(\.key)
        let unit = try uncertaintyDesign(sets: sets, dimensions: names.count, seed: seed ?? side.scenario.run.seed)
        return try side.sweep(names: names, unit: unit, replications: replications, seed: seed)
    }

    /// A comparison under uncertainty: both scenarios' parameter sets from one Latin hypercube
    /// over the uncertain values of either (a value both have takes the same coordinate in both,
    /// each through its own range), with A's seed and replications for both. Also gives the
    /// values' names and each set's numbers, for the drivers of the differences.
    public static func uncertaintyPair(a: String, b: String, sets: Int, accepted: String? = nil, replications: Int? = nil,
                                       seed: UInt64? = nil) throws -> (a: SweepFile, b: SweepFile, names: [String], numbers: [[Double]]) {
        let sideA = try UncertaintySide(scenario: a, accepted: accepted), sideB = try UncertaintySide(scenario: b, accepted: accepted)
        var names = sideA.parameters.map(\.key)
        for name in sideB.parameters.map(\.key) where !names.contains(name) { names.append(name) }
        let seed = seed ?? sideA.scenario.run.seed, replications = replications ?? sideA.scenario.run.replications
        let unit = try uncertaintyDesign(sets: sets, dimensions: names.count, seed: seed)
        let first = try sideA.sweep(names: names, unit: unit, replications: replications, seed: seed)
        let second = try sideB.sweep(names: names, unit: unit, replications: replications, seed: seed)
        // Each name's number from the side that has it (A first), then the accepted sets' values.
        let numbers = unit.indices.map { i -> [Double] in
            names.map { name -> Double in
                for side in [(sideA, first), (sideB, second)] {
                    if let k = side.1.keys.firstIndex(of: name) { return side.1.numbers[i][k] }
                }
                return .nan
            } + Array(first.numbers[i].dropFirst(sideA.parameters.count))
        }
        return (first, second, names + sideA.fileKeys, numbers)
    }

    /// The unit of each parameter in the marginals.csv beside a calibration's accepted.csv.
    static func acceptedUnits(besides accepted: String) -> [String: String] {
        let marginals = (accepted as NSString).deletingLastPathComponent + "/marginals.csv"
        guard let bytes = try? PointsFile.bytes(of: marginals), let text = String(data: bytes, encoding: .utf8) else { return [:] }
        let lines = text.split(separator: "\n").compactMap { PointsFile.split($0) }
        guard let header = lines.first, let p = header.firstIndex(of: "parameter"), let u = header.firstIndex(of: "unit") else { return [:] }
        var units: [String: String] = [:]
        for cells in lines.dropFirst() where cells.count > max(p, u) && !cells[u].isEmpty { units[cells[p]] = cells[u] }
        return units
    }
}
