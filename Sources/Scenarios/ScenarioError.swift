/// Where a value was written: file and line (1-based).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
    public var description: String { line > 0 ? "\(file):\(line)" : file }
}

/// One clear message about bad input: where, which key, what was expected, what was found.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public let location: SourceLocation
    /// The key path from the document's root, e.g. `territories[2].population.over75`.
    public let keyPath: String
    public let message: String

    public init(_ location: SourceLocation, keyPath: String, _ message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
