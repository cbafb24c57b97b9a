import Yams

extension ScenarioValue {
    /// The part of this document along `path`, as a file that `extends` a base would write it to
    /// set that value: mappings keep only the key on the path; an entry of a list merged by name
    /// (territories) keeps its name and the path; any other list, a mapping replaced whole (time
    /// shares, routing) and a distribution are kept whole, since extends would replace them whole.
    /// Nil when the path is not in this document.
    public func overlay(path: String) -> ScenarioValue? {
        guard let steps = Self.steps(of: path) else { return nil }
        return overlay(steps[...], parentKey: nil)
    }

    private func overlay(_ steps: ArraySlice<(key: String?, index: Int?)>, parentKey: String?) -> ScenarioValue? {
        guard let step = steps.first else { return self }
        if let key = step.key {
            guard case .mapping(let pairs) = content, let pair = pairs.first(where: { $0.key == key }) else { return nil }
            let whole = Self.replacedWhole.contains(key) || Self.entriesReplacedWhole.contains(key)
                || Self.distributionFamilies.contains(key)
            guard let inner = whole ? pair.value : pair.value.overlay(steps.dropFirst(), parentKey: key) else { return nil }
            return ScenarioValue(.mapping([(key, inner)]), at: location)
        }
        guard case .sequence(let items) = content, let index = step.index, items.indices.contains(index) else { return nil }
        guard let parentKey, Self.mergedByName.contains(parentKey), let name = items[index].name,
              let inner = items[index].overlay(steps.dropFirst(), parentKey: nil),
              case .mapping(let pairs) = inner.content else { return self }
        let named = ScenarioValue(.mapping([("name", ScenarioValue(.scalar(name), at: location))] + pairs.filter { $0.key != "name" }),
                                  at: location)
        return ScenarioValue(.sequence([named]), at: location)
    }

    /// The document as YAML text (block style; comments and anchors are not kept).
    public func yaml() throws -> String {
        try Yams.serialize(node: node, allowUnicode: true, sortKeys: false)
    }

    private var node: Node {
        switch content {
        case .scalar(let text): return .scalar(Node.Scalar(text))
        case .mapping(let pairs): return .mapping(Node.Mapping(pairs.map { (Node.scalar(Node.Scalar($0.key)), $0.value.node) }))
        case .sequence(let items): return .sequence(Node.Sequence(items.map(\.node)))
        case .null: return .scalar(Node.Scalar("null"))
        }
    }
}
