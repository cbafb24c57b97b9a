import CareModel
import Foundation

/// The scenario actually simulated, as `dacsim show` prints it: every value the reader reads,
/// defaults and archetype values included, each with where it comes from.
public struct ShownScenario: Sendable {
    public let scenario: Scenario
    /// The resolved tree (Scenario.resolved), with what the reader makes of a convergence with no
    /// date and of a default spin-up under today's counts written in.
    public let tree: ScenarioValue
    /// Values in the tree that a scenario file may not write, by key path, and why: left to the
    /// defaults in the YAML form (a routing share for a kind of device the territory lacks).
    public let unwritable: [String: String]

    /// One value: its key path as a scenario writes it, the value as YAML, and where it comes from.
    public struct Row: Sendable, Equatable {
        public let section: String
        public let keyPath: String
        public let value: String
        public let origin: String
    }

    /// Reads `file` (and the files it extends) as `dacsim run` does; a mistake is a ScenarioError.
    public static func load(file: String) throws -> ShownScenario {
        let (document, sources) = try ScenarioValue.loadWithSources(file: file)
        let scenario = try Scenario.read(document, file: file, sources: sources)
        var shown = ShownScenario(scenario: scenario, resolved: Scenario.resolved(document))
        shown.uncertainty = try Uncertainty.of(document, file: file, checkingRanges: false)
        return shown
    }

    /// The uncertain values and their ranges (`dacsim run --uncertainty` draws them).
    public private(set) var uncertainty = Uncertainty(parameters: [])

    init(scenario: Scenario, resolved: ScenarioValue) {
        self.scenario = scenario
        var tree = resolved, unwritable: [String: String] = [:]
        if scenario.model.givesInitialCounts {
            tree.update("run") { run in
                var run = run
                run.update("spin_up") { spinUp in
                    guard spinUp.origin != nil else { return spinUp }
                    return ScenarioValue(.scalar("0 days"), at: spinUp.location,
                                         origin: .derived("no spin-up: the scenario gives today's counts (initial_active, initial_waiting)"))
                }
                return run
            }
        }
        let territories = scenario.model.territories
        tree.update("territories") { list in
            guard case .sequence(var items) = list.content else { return list }
            for (i, territory) in territories.enumerated() where i < items.count {
                let path = "territories[\(i)]"
                if territory.convergence == nil {
                    items[i].update("convergence") { convergence in
                        guard case .mapping(let pairs) = convergence.content else { return convergence }
                        let date = pairs.first { $0.key == "date" }?.value
                            ?? ScenarioValue(.scalar("none"), at: convergence.location,
                                             origin: .derived("no convergence date: the territory stays fragmented"))
                        return ScenarioValue(.mapping([("date", date)]), at: convergence.location)
                    }
                }
                // A routing share for a kind of device the territory lacks only counts in its source's
                // sum; a file may not write it, and each source's shares are replaced whole, so the
                // YAML form leaves that source's shares to the defaults.
                let present = Set(territory.devices.map { $0.kind.rawValue })
                if case .mapping(let pairs) = items[i].content, let routing = pairs.first(where: { $0.key == "routing" })?.value,
                   case .mapping(let sources) = routing.content {
                    for source in sources {
                        guard case .mapping(let shares) = source.value.content else { continue }
                        let lacking = shares.filter { $0.value.origin != nil && !present.contains($0.key) }.map(\.key)
                        if !lacking.isEmpty {
                            unwritable["\(path).routing.\(source.key)"] = "no \(lacking.joined(separator: ", ")) here; left to the defaults"
                        }
                    }
                }
            }
            var list = list
            list.content = .sequence(items)
            return list
        }
        self.tree = tree
        self.unwritable = unwritable
    }

    // MARK: Rows

    /// Every value, in the order the scenario is written; grouped by top-level section (each
    /// territory its own, top-level values of one line together).
    public var rows: [Row] {
        var rows: [Row] = []
        guard case .mapping(let pairs) = tree.content else { return rows }
        for (key, value) in pairs {
            if key == "territories", case .sequence(let items) = value.content {
                for (i, item) in items.enumerated() {
                    let section = "territories[\(i)]" + (item.name.map { " (\($0))" } ?? "")
                    collect(item, path: "territories[\(i)]", section: section, into: &rows)
                }
            } else {
                // Top-level values of one line (name, holidays...) share a section.
                collect(value, path: key, section: Self.isLeaf(value) ? "scenario" : key, into: &rows)
            }
        }
        return rows
    }

    private func collect(_ value: ScenarioValue, path: String, section: String, into rows: inout [Row]) {
        switch value.content {
        case .mapping(let pairs) where !Self.isLeaf(value):
            for (key, child) in Self.namesFirst(pairs) { collect(child, path: "\(path).\(key)", section: section, into: &rows) }
        case .sequence(let items) where !Self.isLeaf(value):
            for (i, item) in items.enumerated() { collect(item, path: "\(path)[\(i)]", section: section, into: &rows) }
        default:
            var origin = Self.origin(of: value)
            if let why = unwritable.first(where: { path == $0.key || path.hasPrefix($0.key + ".") })?.value { origin += "; \(why)" }
            rows.append(Row(section: section, keyPath: path, value: Self.flow(value), origin: origin))
        }
    }

    /// Where a value comes from: the file and line that wrote it, or its default or archetype.
    public static func origin(of value: ScenarioValue) -> String {
        if let origin = value.origin { return origin.description }
        return SourceLocation(file: relative(value.location.file), line: value.location.line).description
    }

    /// A path under the working directory, relative to it, as a user names files.
    static func relative(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath
        return path.hasPrefix(here + "/") ? String(path.dropFirst(here.count + 1)) : path
    }

    /// A value printed whole: a scalar, a list of scalars, a distribution, an empty mapping or list.
    static func isLeaf(_ value: ScenarioValue) -> Bool {
        switch value.content {
        case .scalar, .null: return true
        case .sequence(let items):
            return items.allSatisfy { if case .scalar = $0.content { return true } else { return false } }
        case .mapping(let pairs):
            return pairs.isEmpty || (pairs.count == 1 && ScenarioValue.distributionFamilies.contains(pairs[0].key))
        }
    }

    // MARK: YAML

    /// A scenario file that runs as the original does: no `extends`, every archetype and default
    /// value written out, each with where it comes from as a comment.
    public func yaml(command: String) -> String {
        var lines = [
            "# \(scenario.name): the scenario \(Self.relative(scenario.file)) as dacsim simulates it, every value written out",
            "# (\(command)). Each comment says where its value comes from: the file and line that wrote",
            "# it, its territory's archetype, or a default with its source in docs/sources.md.",
        ]
        if case .mapping(let pairs) = tree.content {
            for (key, value) in pairs { emit(key: key, value, path: key, indent: 0, into: &lines) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func emit(key: String, _ value: ScenarioValue, path: String, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent), name = Self.key(key)
        if let why = unwritable[path] {
            lines.append("\(pad)# \(name): \(Self.flow(value))  (\(Self.origin(of: Self.firstLeaf(value))); \(why))")
            return
        }
        if Self.isLeaf(value) {
            lines.append("\(pad)\(name): \(Self.flow(value))  # \(Self.origin(of: value))")
            return
        }
        switch value.content {
        case .mapping(let pairs):
            var block: [String] = []
            for (key, child) in pairs { emit(key: key, child, path: "\(path).\(key)", indent: indent + 2, into: &block) }
            // Every entry left to the defaults: an empty mapping keeps them (nothing would drop it).
            let empty = block.allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            lines.append("\(pad)\(name):" + (empty ? " {}" : ""))
            lines += block
        case .sequence(let items):
            lines.append("\(pad)\(name):")
            for (i, item) in items.enumerated() {
                let itemPath = "\(path)[\(i)]"
                guard case .mapping(let pairs) = item.content, !Self.isLeaf(item) else {
                    lines.append("\(pad)  - \(Self.flow(item))  # \(Self.origin(of: item))")
                    continue
                }
                var block: [String] = []
                for (key, child) in Self.namesFirst(pairs) { emit(key: key, child, path: "\(itemPath).\(key)", indent: indent + 4, into: &block) }
                if !block.isEmpty { block[0] = "\(pad)  - " + block[0].dropFirst(indent + 4) }
                lines += block
            }
        default: break
        }
    }

    /// A list item's pairs with its `name` and `archetype` first, as a scenario writes them.
    static func namesFirst(_ pairs: [(key: String, value: ScenarioValue)]) -> [(key: String, value: ScenarioValue)] {
        let first = ["name", "archetype"]
        return first.compactMap { key in pairs.first { $0.key == key } } + pairs.filter { !first.contains($0.key) }
    }

    static func firstLeaf(_ value: ScenarioValue) -> ScenarioValue {
        switch value.content {
        case .mapping(let pairs) where !isLeaf(value): return pairs.first.map { firstLeaf($0.value) } ?? value
        case .sequence(let items) where !isLeaf(value): return items.first.map(firstLeaf) ?? value
        default: return value
        }
    }

    /// A value on one line, in YAML flow style.
    static func flow(_ value: ScenarioValue) -> String {
        switch value.content {
        case .null: return "null"
        case .scalar(let text): return scalar(text)
        case .sequence(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{" + pairs.map { "\(key($0.key)): \(flow($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// Text written plain where YAML reads it back as the same text (and not as null), quoted otherwise.
    static func scalar(_ text: String) -> String {
        let plain = text.range(of: #"^(-?[0-9][0-9._]*|[A-Za-z0-9_][A-Za-z0-9_ .+\-/]*)$"#, options: .regularExpression) != nil
            && !text.hasSuffix(" ") && !["null", "Null", "NULL"].contains(text)
        return plain ? text : quoted(text)
    }

    static func key(_ text: String) -> String {
        text.range(of: #"^[A-Za-z0-9_][A-Za-z0-9_\-]*$"#, options: .regularExpression) != nil && !["null", "Null", "NULL"].contains(text)
            ? text : quoted(text)
    }

    /// A YAML double-quoted string: backslash, quote and control characters escaped, C1 controls
    /// and Unicode line separators too (JSON's escaping, as in ResultsWriter, leaves those, which
    /// YAML refuses or reads as line breaks).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
