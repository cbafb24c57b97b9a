import Foundation

/// A scenario file that extends another with some values set at key paths, as YAML text: the
/// smallest file that, read with `extends`, gives the base with those values (docs/scenarios.md,
/// "How values combine"). Territories are named, so that the extending file changes only the one
/// meant; a value inside a list other than territories, a distribution or shares that must sum to 1
/// is written with the whole list, distribution or mapping it sits in, as extends replaces those whole.
public enum ScenarioOverlay {
    /// The YAML of a file extending `baseFile` (as written in `extends:`) whose values `settings`
    /// (key path, value as text) are laid over `base` (the base as read, extends resolved).
    public static func yaml(extending baseFile: String, base: ScenarioValue, settings: [(path: String, text: String)],
                            comment: [String]) throws -> String {
        var full = base
        let here = SourceLocation(file: "(written)", line: 0)
        for (path, text) in settings { full = try full.setting(path: path, to: text, at: here) }
        var overlay = ScenarioValue(.mapping([]), at: here)
        // Every path was set in `full` above, so each has its steps.
        for (path, _) in settings { overlay = insert(ScenarioValue.steps(of: path)![...], into: overlay, from: full) }
        var lines = comment.map { "# " + $0 }
        lines.append("extends: " + ShownScenario.scalar(baseFile))
        emit(overlay, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    static func child(_ value: ScenarioValue, _ key: String) -> ScenarioValue? {
        guard case .mapping(let pairs) = value.content else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    static func replacing(_ value: ScenarioValue, _ key: String, with new: ScenarioValue) -> ScenarioValue {
        guard case .mapping(var pairs) = value.content else { return value }
        if let i = pairs.firstIndex(where: { $0.key == key }) { pairs[i].value = new } else { pairs.append((key, new)) }
        return ScenarioValue(.mapping(pairs), at: value.location)
    }

    /// Whether extends replaces this value whole rather than merging into it.
    static func isReplacedWhole(_ key: String, _ value: ScenarioValue, parent: String?) -> Bool {
        if ScenarioValue.replacedWhole.contains(key) { return true }
        if let parent, ScenarioValue.entriesReplacedWhole.contains(parent) { return true }
        if case .mapping(let pairs) = value.content, pairs.count == 1, ScenarioValue.distributionFamilies.contains(pairs[0].key) {
            return true
        }
        return false
    }

    /// `overlay` with the value at `steps` (read in `full`) written in, as little around it as extends needs.
    static func insert(_ steps: ArraySlice<(key: String?, index: Int?)>, into overlay: ScenarioValue, from full: ScenarioValue,
                       parent: String? = nil) -> ScenarioValue {
        guard let key = steps.first?.key, let value = child(full, key) else { return overlay }
        let rest = steps.dropFirst()
        if let index = rest.first?.index {
            guard ScenarioValue.mergedByName.contains(key), case .sequence(let items) = value.content, items.indices.contains(index),
                  let name = items[index].name else {
                return replacing(overlay, key, with: value)  // a list is replaced whole
            }
            var entries: [ScenarioValue] = []
            if case .sequence(let existing) = child(overlay, key)?.content { entries = existing }
            let named = ScenarioValue(.mapping([("name", ScenarioValue(.scalar(name), at: overlay.location))]), at: overlay.location)
            if !entries.contains(where: { $0.name == name }) { entries.append(named) }
            let i = entries.firstIndex { $0.name == name }!
            entries[i] = insert(rest.dropFirst(), into: entries[i], from: items[index], parent: key)
            return replacing(overlay, key, with: ScenarioValue(.sequence(entries), at: overlay.location))
        }
        if rest.isEmpty || isReplacedWhole(key, value, parent: parent) { return replacing(overlay, key, with: value) }
        let inner = child(overlay, key) ?? ScenarioValue(.mapping([]), at: overlay.location)
        return replacing(overlay, key, with: insert(rest, into: inner, from: value, parent: key))
    }

    /// `value` in YAML block style, scalars and keys written as `dacsim show` writes them.
    static func emit(_ value: ScenarioValue, indent: String, into lines: inout [String]) {
        let (quoted, key) = (ShownScenario.scalar, ShownScenario.key)
        switch value.content {
        case .mapping(let pairs):
            for (name, item) in pairs {
                let name = key(name)
                switch item.content {
                case .scalar(let s): lines.append("\(indent)\(name): \(quoted(s))")
                case .null: lines.append("\(indent)\(name): null")
                case .mapping(let inner) where inner.isEmpty: lines.append("\(indent)\(name): {}")
                case .sequence(let inner) where inner.isEmpty: lines.append("\(indent)\(name): []")
                default:
                    lines.append("\(indent)\(name):")
                    emit(item, indent: indent + "  ", into: &lines)
                }
            }
        case .sequence(let items):
            for item in items {
                var inner: [String] = []
                switch item.content {
                case .scalar(let s): inner = [quoted(s)]
                case .null: inner = ["null"]
                default: emit(item, indent: "", into: &inner)
                }
                // The item's first line after "- ", the others indented to match.
                lines.append(indent + "- " + (inner.first ?? "{}"))
                lines += inner.dropFirst().map { indent + "  " + $0 }
            }
        case .scalar(let s): lines.append(indent + quoted(s))
        case .null: lines.append(indent + "null")
        }
    }
}
