import CLibcrypto
import Foundation
import Yams

/// A file read to build a scenario (the one named, or a base it extends), with the SHA-256 of the
/// bytes read: a result records every file behind it, so a changed base is never missed.
public struct SourceFile: Sendable, Equatable {
    public let path: String
    public let sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }

    public init(path: String, bytes: Data) {
        self.init(path: path, sha256: SourceFile.sha256(bytes))
    }

    /// The SHA-256 of `bytes` in lower-case hexadecimal (OpenSSL's libcrypto).
    public static func sha256(_ bytes: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let done = bytes.withUnsafeBytes { dacsim_sha256($0.baseAddress, $0.count, &digest) }
        // Only a broken libcrypto fails on memory it was given.
        precondition(done == 1, "libcrypto could not compute a SHA-256")
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// One hash for a whole chain of files, in the order they were read: it changes when any of them does.
    public static func chainHash(_ files: [SourceFile]) -> String {
        if files.count == 1 { return files[0].sha256 }
        return sha256(Data(files.map(\.sha256).joined(separator: "\n").utf8))
    }
}

/// A YAML document as a tree whose every node remembers the file and line it came from, so that
/// values inherited through `extends` are still reported where they were written.
public struct ScenarioValue: Sendable {
    public enum Content: Sendable {
        case scalar(String)
        case mapping([(key: String, value: ScenarioValue)])
        case sequence([ScenarioValue])
        case null
    }

    public var content: Content
    public let location: SourceLocation
    /// Where a value no scenario file wrote comes from (a default or an archetype, with its
    /// provenance); nil for a value read from a file, which `location` names.
    public var origin: ValueOrigin?

    public init(_ content: Content, at location: SourceLocation, origin: ValueOrigin? = nil) {
        self.content = content
        self.location = location
        self.origin = origin
    }

    /// This value and every value inside it marked as coming from `origin`.
    func marked(_ origin: ValueOrigin) -> ScenarioValue {
        var value = self
        value.origin = origin
        switch content {
        case .mapping(let pairs): value.content = .mapping(pairs.map { ($0.key, $0.value.marked(origin)) })
        case .sequence(let items): value.content = .sequence(items.map { $0.marked(origin) })
        case .scalar, .null: break
        }
        return value
    }

    /// The most values one document may hold once its aliases are expanded, and the deepest
    /// nesting: a scenario of a hundred territories holds a few thousand values, while a few
    /// hundred bytes of nested aliases can expand to billions (an "alias bomb").
    public static let maximumValues = 200_000
    public static let maximumDepth = 100

    /// Parses YAML text; `file` names it in error messages.
    public static func parse(_ text: String, file: String) throws -> ScenarioValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError(SourceLocation(file: file, line: line(of: error)), keyPath: "",
                                "not valid YAML: \(summary(of: error))")
        }
        guard let node else { return ScenarioValue(.null, at: SourceLocation(file: file, line: 1)) }
        var budget = Budget(left: maximumValues, aliases: text.contains("&") && text.contains("*"))
        return try convert(node, file: file, path: "", depth: 0, budget: &budget)
    }

    /// What is left of the values a document may expand to; `aliases` says whether it could use
    /// any, to name the cause in the message.
    struct Budget {
        var left: Int
        let aliases: Bool
    }

    /// Reads a scenario file and, recursively, the files it `extends` (a path relative to the
    /// extending file); the extending file's values override the base's, mapping by mapping.
    public static func load(file path: String, extendsKey: String = "extends") throws -> ScenarioValue {
        try loadWithSources(file: path, extendsKey: extendsKey).value
    }

    /// The document and every file read to build it, the named file first, then its bases.
    public static func loadWithSources(file path: String, extendsKey: String = "extends") throws
        -> (value: ScenarioValue, sources: [SourceFile]) {
        var sources: [SourceFile] = []
        let value = try load(file: path, extendsKey: extendsKey, chain: [], sources: &sources)
        return (value, sources)
    }

    private static func load(file path: String, extendsKey: String, chain: [String],
                             sources: inout [SourceFile]) throws -> ScenarioValue {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard !chain.contains(url.path) else {
            throw ScenarioError(SourceLocation(file: path, line: 0), keyPath: extendsKey,
                                "extends itself through \((chain + [url.path]).joined(separator: " -> "))")
        }
        guard let bytes = try? Data(contentsOf: url), let text = String(data: bytes, encoding: .utf8) else {
            throw ScenarioError(SourceLocation(file: path, line: 0), keyPath: "",
                                "cannot read the file (\(FileManager.default.fileExists(atPath: url.path) ? "not UTF-8 text or not readable" : "no such file"))")
        }
        sources.append(SourceFile(path: path, bytes: bytes))
        var document = try parse(text, file: path)
        guard case .mapping(var pairs) = document.content,
              let index = pairs.firstIndex(where: { $0.key == extendsKey }) else { return document }
        let reference = pairs[index].value
        guard case .scalar(let relative) = reference.content else {
            throw ScenarioError(reference.location, keyPath: extendsKey, "expected the path of the scenario file to extend")
        }
        pairs.remove(at: index)
        document.content = .mapping(pairs)
        let basePath = relative.hasPrefix("/") ? relative
            : url.deletingLastPathComponent().appendingPathComponent(relative).path
        let base: ScenarioValue
        do {
            base = try load(file: basePath, extendsKey: extendsKey, chain: chain + [url.path], sources: &sources)
        } catch let error as ScenarioError where error.location.file == basePath && error.location.line == 0 && error.keyPath.isEmpty {
            throw ScenarioError(reference.location, keyPath: extendsKey, "cannot read \(relative): \(error.message)")
        }
        // A base that is not a mapping of keys (a list, a comment-only file, some other text file)
        // has nothing to inherit: naming it is a mistake, never silently ignored.
        guard case .mapping = base.content else {
            let what = if case .null = base.content { "is empty (or only comments)" } else { "is not a scenario (a mapping of keys to values)" }
            throw ScenarioError(reference.location, keyPath: extendsKey, "\(relative) \(what)")
        }
        return base.overridden(by: document)
    }

    public static let distributionFamilies: Set<String> = [
        "exponential", "lognormal", "gamma", "erlang", "weibull", "uniform", "triangular", "truncated_normal", "deterministic",
    ]

    /// Mappings of shares that must sum to 1: one written in a scenario replaces the default whole.
    public static let replacedWhole: Set<String> = ["sources", "time"]
    /// Mappings whose entries are such shares: each entry written replaces the default's whole.
    public static let entriesReplacedWhole: Set<String> = ["routing"]

    /// Lists of named mappings that an extending file changes entry by entry: an entry whose
    /// `name` matches one of the base's is laid over it, a new name is added at the end, and the
    /// base's other entries stay.
    public static let mergedByName: Set<String> = ["territories"]

    /// Keys that say the same thing two ways: writing one over a base drops the others from it.
    public static let alternatives: [[String]] = [["fte", "fte_per_100k", "fte_per_100k_aged_75"], ["staff", "staff_per_100k", "staff_per_100k_aged_75"],
                                                  ["horizon", "end"]]

    /// This value with `other`'s written on top: mappings merge key by key, anything else is replaced.
    public func overridden(by other: ScenarioValue) -> ScenarioValue {
        guard case .mapping(var mine) = content, case .mapping(let theirs) = other.content else { return other }
        // A distribution ({exponential: {...}}) is replaced whole: its family is not merged with another's.
        if theirs.count == 1, Self.distributionFamilies.contains(theirs[0].key) { return other }
        for group in Self.alternatives where theirs.contains(where: { group.contains($0.key) }) {
            mine.removeAll { pair in group.contains(pair.key) && !theirs.contains { $0.key == pair.key } }
        }
        var merged = mine
        for pair in theirs {
            if let i = merged.firstIndex(where: { $0.key == pair.key }) {
                merged[i].value = Self.replacedWhole.contains(pair.key) ? pair.value
                    : Self.entriesReplacedWhole.contains(pair.key) ? merged[i].value.overridden(entriesBy: pair.value)
                    : Self.mergedByName.contains(pair.key) ? merged[i].value.overridden(byName: pair.value)
                    : merged[i].value.overridden(by: pair.value)
            } else {
                merged.append(pair)
            }
        }
        return ScenarioValue(.mapping(merged), at: other.location)
    }

    /// This list with each of `other`'s entries laid over the entry of the same `name`, or added at
    /// the end. A name written twice gives two entries, for the reader to refuse as it would in
    /// one file.
    func overridden(byName other: ScenarioValue) -> ScenarioValue {
        guard case .sequence(let original) = content, case .sequence(let theirs) = other.content else { return other }
        var mine = original, matched = Set<Int>()
        for item in theirs {
            if let name = item.name, let i = original.firstIndex(where: { $0.name == name }) {
                if matched.insert(i).inserted { mine[i] = original[i].overridden(by: item) } else { mine.append(original[i].overridden(by: item)) }
            } else {
                mine.append(item)
            }
        }
        return ScenarioValue(.sequence(mine), at: other.location)
    }

    /// This mapping with the value at `key` changed by `change`, where there is one (not null).
    mutating func update(_ key: String, _ change: (ScenarioValue) -> ScenarioValue) {
        guard case .mapping(var pairs) = content, let i = pairs.firstIndex(where: { $0.key == key }) else { return }
        if case .null = pairs[i].value.content { return }
        pairs[i].value = change(pairs[i].value)
        content = .mapping(pairs)
    }

    /// This list with each of its items changed by `change`; anything else unchanged.
    func updateItems(_ change: (ScenarioValue) -> ScenarioValue) -> ScenarioValue {
        guard case .sequence(let items) = content else { return self }
        var value = self
        value.content = .sequence(items.map(change))
        return value
    }

    /// The `name` a mapping gives, if any.
    var name: String? {
        guard case .mapping(let pairs) = content, let value = pairs.first(where: { $0.key == "name" })?.value,
              case .scalar(let name) = value.content else { return nil }
        return name
    }

    /// This mapping with each of `other`'s entries replacing the same entry whole.
    func overridden(entriesBy other: ScenarioValue) -> ScenarioValue {
        guard case .mapping(var mine) = content, case .mapping(let theirs) = other.content else { return other }
        for pair in theirs {
            if let i = mine.firstIndex(where: { $0.key == pair.key }) { mine[i].value = pair.value } else { mine.append(pair) }
        }
        return ScenarioValue(.mapping(mine), at: other.location)
    }

    private static func convert(_ node: Node, file: String, path: String, depth: Int, budget: inout Budget) throws -> ScenarioValue {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 0)
        budget.left -= 1
        guard budget.left >= 0 else {
            throw ScenarioError(location, keyPath: path, budget.aliases
                ? "alias expansion exceeds \(maximumValues) nodes; write fewer aliases (or use extends)"
                : "the document holds more than \(maximumValues) values")
        }
        guard depth <= maximumDepth else {
            throw ScenarioError(location, keyPath: path, "values nested more than \(maximumDepth) levels deep")
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return ScenarioValue(.null, at: location)
            }
            return ScenarioValue(.scalar(scalar.string), at: location)
        case .mapping(let mapping):
            var pairs: [(key: String, value: ScenarioValue)] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw ScenarioError(SourceLocation(file: file, line: keyNode.mark?.line ?? 0), keyPath: path,
                                        "expected a plain key name")
                }
                let childPath = path.isEmpty ? key.string : "\(path).\(key.string)"
                pairs.append((key.string, try convert(valueNode, file: file, path: childPath, depth: depth + 1, budget: &budget)))
            }
            return ScenarioValue(.mapping(pairs), at: location)
        case .sequence(let sequence):
            return ScenarioValue(.sequence(try sequence.enumerated().map {
                try convert($0.element, file: file, path: "\(path)[\($0.offset)]", depth: depth + 1, budget: &budget)
            }), at: location)
        case .alias:
            throw ScenarioError(location, keyPath: path, "YAML aliases are not supported; write the value out or use extends")
        }
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return 0
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        case .duplicatedKeysInMapping(let duplicates, _):
            return "the mapping starting here has a key written twice (\(duplicates.joined(separator: ", ")))"
        default:
            return "\(error)"
        }
    }
}
