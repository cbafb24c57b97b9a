import Foundation

/// Text made safe for HTML and SVG, in content and in quoted attributes.
public func escapeMarkup(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// Colour-blind-safe categorical colours (Okabe and Ito, 2008), without the yellow that vanishes on white.
public let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]

/// Builds one SVG image element by element; coordinates are rounded to tenths of a pixel to keep
/// the file small and identical from run to run.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func n(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil) {
        body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\""
            + " stroke-width=\"\(Self.n(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>\n"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double = 1) {
        body += "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(w, 0)))\" height=\"\(Self.n(max(h, 0)))\""
            + " fill=\"\(fill)\"" + (opacity < 1 ? " fill-opacity=\"\(Self.n(opacity))\"" : "") + "/>\n"
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String) {
        body += "<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" fill=\"\(fill)\"/>\n"
    }

    /// An open line through the points.
    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
        guard !points.isEmpty else { return }
        body += "<polyline points=\"\(points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " "))\""
            + " fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\"/>\n"
    }

    /// A closed, filled shape (a confidence band).
    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
        guard points.count >= 3 else { return }
        body += "<polygon points=\"\(points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " "))\""
            + " fill=\"\(fill)\" fill-opacity=\"\(Self.n(opacity))\" stroke=\"none\"/>\n"
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ x: Double, _ y: Double, _ content: String, anchor: Anchor = .start, size: Double = 12,
                       bold: Bool = false, rotate: Bool = false, fill: String = "#222") {
        let transform = rotate ? " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" : ""
        body += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(Self.n(size))\""
            + (bold ? " font-weight=\"bold\"" : "") + " fill=\"\(fill)\"\(transform)>\(escapeMarkup(content))</text>\n"
    }

    /// The finished image, titled for screen readers, scaling to its container's width.
    func svg(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\""
            + " width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\" font-family=\"sans-serif\">\n"
            + "<title>\(escapeMarkup(title))</title>\n" + body + "</svg>\n"
    }

    /// A rough width of a label in pixels, to lay legends and margins out without a font engine.
    static func textWidth(_ text: String, size: Double = 12) -> Double { Double(text.count) * size * 0.56 }

    /// `text` cut to fit `width` pixels, with an ellipsis where it was cut (the full text stays
    /// in the table behind the chart).
    static func fit(_ text: String, width: Double, size: Double = 12) -> String {
        guard textWidth(text, size: size) > width else { return text }
        let keep = max(Int(width / (size * 0.56)) - 1, 1)
        return String(text.prefix(keep)) + "…"
    }
}
