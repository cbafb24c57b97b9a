import Foundation

/// A grid of cells coloured by a value, for a sweep over two axes: one column per value of the
/// first, one row per value of the second (the first at the bottom). Cells that meet a target
/// carry a check mark, and a thick line runs between them and their neighbours that do not (the
/// target's contour, on the grid).
public struct HeatMap: Sendable {
    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var columns: [String]
    public var rows: [String]
    /// values[row][column]; nil or not finite: no value.
    public var values: [[Double?]]
    /// Which cells meet the target (same shape as `values`); nil without a target.
    public var meets: [[Bool]]?
    /// The legend's words for the contour and the check mark, such as "meets coordination ≥ 0.9".
    public var targetLegend = "meets the target"
    public var noValue = "no value"
    public var width = 760.0
    public var height = 420.0

    public init(title: String, xTitle: String, yTitle: String, columns: [String], rows: [String], values: [[Double?]]) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.columns = columns
        self.rows = rows
        self.values = values
    }

    /// The sequential colour scale (viridis' anchors, readable in grey and by colour-blind readers).
    static let scale: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]

    /// The colour of a share (0 to 1) of the scale, and whether text on it should be white.
    public static func colour(_ share: Double) -> (fill: String, light: Bool) {
        let t = min(max(share.isFinite ? share : 0, 0), 1) * Double(scale.count - 1)
        let i = min(Int(t), scale.count - 2), f = t - Double(i)
        let (a, b) = (scale[i], scale[i + 1])
        let rgb = [a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f]
        let luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        return (String(format: "#%02X%02X%02X", Int(rgb[0].rounded()), Int(rgb[1].rounded()), Int(rgb[2].rounded())), luminance < 140)
    }

    var left: Double { 40 + min(160, rows.map { SVGCanvas.textWidth($0, size: 12) }.max() ?? 30) }
    var top: Double { 40 }
    var right: Double { 150 }
    var bottom: Double { height - 58 }

    /// Where cell (row, column) is drawn: x, y of its top-left corner, width and height.
    public func cellFrame(row: Int, column: Int) -> (x: Double, y: Double, width: Double, height: Double) {
        let w = (width - left - right) / Double(max(columns.count, 1))
        let h = (bottom - top) / Double(max(rows.count, 1))
        return (left + Double(column) * w, bottom - Double(row + 1) * h, w, h)
    }

    public func svg() -> String {
        let finite = values.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        // Nothing but zeros: a scale from 0 to 1, not -1 to 1.
        let allZero = finite.allSatisfy { $0 == 0 }
        let ticks = Ticks(covering: finite.min() ?? 0, allZero ? 1 : finite.max() ?? 1, count: 4)
        let (lo, hi) = (ticks.domain.lowerBound, ticks.domain.upperBound)
        let share = { (x: Double) in hi > lo ? (x - lo) / (hi - lo) : 0.5 }
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(left, 18, SVGCanvas.fit(title, width: width - left - 24, size: 14), size: 14, bold: true)
        for r in rows.indices {
            for c in columns.indices {
                let f = cellFrame(row: r, column: c)
                let value = r < values.count && c < values[r].count ? values[r][c] : nil
                guard let value, value.isFinite else {
                    canvas.rect(f.x, f.y, f.width, f.height, fill: "#eeeeee")
                    canvas.text(f.x + f.width / 2, f.y + f.height / 2 + 4, noValue, anchor: .middle, size: 10, fill: "#888")
                    continue
                }
                let (fill, light) = Self.colour(share(value))
                canvas.rect(f.x, f.y, f.width, f.height, fill: fill)
                let ink = light ? "#ffffff" : "#111111"
                canvas.text(f.x + f.width / 2, f.y + f.height / 2 + 4, Ticks.format(value, decimals: Self.decimals(value)),
                            anchor: .middle, size: 11, fill: ink)
                if meets?[r][c] == true {
                    canvas.text(f.x + f.width - 6, f.y + 14, "✓", anchor: .end, size: 13, bold: true, fill: ink)
                }
            }
        }
        // The contour: every edge between a cell that meets the target and a neighbour that does not.
        if let meets {
            for r in rows.indices {
                for c in columns.indices where meets[r][c] {
                    let f = cellFrame(row: r, column: c)
                    if r + 1 < rows.count, !meets[r + 1][c] { canvas.line(f.x, f.y, f.x + f.width, f.y, stroke: "#000", width: 3) }
                    if r > 0, !meets[r - 1][c] {
                        canvas.line(f.x, f.y + f.height, f.x + f.width, f.y + f.height, stroke: "#000", width: 3)
                    }
                    if c > 0, !meets[r][c - 1] { canvas.line(f.x, f.y, f.x, f.y + f.height, stroke: "#000", width: 3) }
                    if c + 1 < columns.count, !meets[r][c + 1] {
                        canvas.line(f.x + f.width, f.y, f.x + f.width, f.y + f.height, stroke: "#000", width: 3)
                    }
                }
            }
        }
        // Axes: the first axis' values under the columns, the second's beside the rows.
        for c in columns.indices {
            let f = cellFrame(row: 0, column: c)
            canvas.text(f.x + f.width / 2, bottom + 16, SVGCanvas.fit(columns[c], width: f.width - 4, size: 11), anchor: .middle, size: 11)
        }
        for r in rows.indices {
            let f = cellFrame(row: r, column: 0)
            canvas.text(left - 8, f.y + f.height / 2 + 4, SVGCanvas.fit(rows[r], width: left - 40, size: 11), anchor: .end, size: 11)
        }
        canvas.text((left + width - right) / 2, bottom + 40, SVGCanvas.fit(xTitle, width: width - left - right), anchor: .middle, size: 12)
        canvas.text(16, (top + bottom) / 2, SVGCanvas.fit(yTitle, width: bottom - top), anchor: .middle, size: 12, rotate: true)
        // The colour scale, and what the check marks and the contour say.
        let legendX = width - right + 20, steps = 20
        let legendHeight = min(160, bottom - top)
        for i in 0..<steps {
            let y = top + legendHeight * Double(steps - 1 - i) / Double(steps)
            canvas.rect(legendX, y, 14, legendHeight / Double(steps) + 0.5, fill: Self.colour((Double(i) + 0.5) / Double(steps)).fill)
        }
        canvas.text(legendX + 20, top + 10, ticks.label(hi), size: 11)
        canvas.text(legendX + 20, top + legendHeight, ticks.label(lo), size: 11)
        if meets != nil {
            let y = top + legendHeight + 28
            canvas.text(legendX, y, "✓", size: 13, bold: true)
            canvas.line(legendX + 14, y - 4, legendX + 30, y - 4, stroke: "#000", width: 3)
            var line = y + 16
            for word in Self.wrap(targetLegend, width: right - 24) {
                canvas.text(legendX, line, word, size: 10)
                line += 13
            }
        }
        return canvas.svg(title: title)
    }

    static func decimals(_ x: Double) -> Int {
        let a = abs(x)
        return a >= 100 || a == 0 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
    }

    /// `text` in lines of at most `width` pixels, cut at spaces.
    static func wrap(_ text: String, width: Double) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if SVGCanvas.textWidth(candidate, size: 10) > width, !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
