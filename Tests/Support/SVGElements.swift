import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an SVG image as XML: its elements with their attributes and texts, in document order.
public final class SVGElements: NSObject, XMLParserDelegate {
    public var elements: [(name: String, attributes: [String: String])] = []
    public var texts: [String] = []
    private var text: String?

    public static func parse(_ svg: String) throws -> SVGElements {
        let reader = SVGElements()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return reader
    }

    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "text" { text = "" }
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", let text { texts.append(text) }
        if name == "text" { text = nil }
    }

    public func all(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }

    public static func points(_ attribute: String?) -> [(Double, Double)] {
        (attribute ?? "").split(separator: " ").map {
            let xy = $0.split(separator: ",").map { Double($0)! }
            return (xy[0], xy[1])
        }
    }
}

