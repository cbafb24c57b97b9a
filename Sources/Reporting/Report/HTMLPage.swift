import Charts
import Foundation

/// An HTML document built section by section: everything it shows is inline (styles and SVG), and
/// its content security policy forbids fetching anything, so it reads the same offline.
struct HTMLPage {
    let title: String
    /// The page's language: every text it shows comes from this table.
    let l: Labels
    private(set) var body = ""
    private(set) var contents: [(id: String, title: String)] = []

    init(title: String, labels: Labels) {
        self.title = title
        l = labels
    }

    /// Marks a file as a dacsim report, which a later report may replace.
    static let generator = "<meta name=\"generator\" content=\"dacsim report\">"

    mutating func raw(_ html: String) { body += html }

    mutating func section(_ title: String, id: String) {
        if !contents.isEmpty { body += "</section>\n" }
        contents.append((id, title))
        body += "<section id=\"\(id)\">\n<h2>\(escapeMarkup(title))</h2>\n"
    }

    mutating func heading(_ text: String) { body += "<h3>\(escapeMarkup(text))</h3>\n" }

    mutating func paragraph(_ text: String) { body += "<p>\(escapeMarkup(text))</p>\n" }

    mutating func note(_ text: String) { body += "<p class=\"note\">\(escapeMarkup(text))</p>\n" }

    /// A table; columns from `numericFrom` on are numbers, aligned on the right.
    mutating func table(_ header: [String], _ rows: [[String]], numericFrom: Int = 1, caption: String? = nil) {
        body += Self.tableHTML(header, rows, numericFrom: numericFrom, caption: caption)
    }

    static func tableHTML(_ header: [String], _ rows: [[String]], numericFrom: Int = 1, caption: String? = nil) -> String {
        var html = "<div class=\"scroll\"><table>\n"
        if let caption { html += "<caption>\(escapeMarkup(caption))</caption>\n" }
        html += "<thead><tr>" + header.map { "<th>\(escapeMarkup($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.enumerated().map { c, cell in
                c >= numericFrom ? "<td class=\"num\">\(numberHTML(cell))</td>" : "<td>\(escapeMarkup(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    /// Figures between these two calls sit side by side, two to a row on a wide screen.
    mutating func beginPanels() { body += "<div class=\"panels\">\n" }
    mutating func endPanels() { body += "</div>\n" }

    /// The width of a chart drawn in a panel, so that its text keeps its size.
    static let panelWidth = 460.0

    /// A number; "mean [low, high]" puts the interval under the mean, smaller, to keep columns narrow.
    static func numberHTML(_ cell: String) -> String {
        guard let open = cell.range(of: " ["), cell.hasSuffix("]") else { return escapeMarkup(cell) }
        return escapeMarkup(String(cell[..<open.lowerBound])) + "<br><span class=\"ci\">"
            + escapeMarkup(String(cell[open.upperBound...].dropLast()).replacingOccurrences(of: ", ", with: " – ")) + "</span>"
    }

    /// A chart with its caption and, folded under it, the table of the numbers it draws.
    /// `open`: the table shows unfolded (when the chart draws only some of what it holds, say).
    mutating func figure(svg: String, caption: String, header: [String], rows: [[String]], numericFrom: Int = 1,
                         open: Bool = false) {
        body += "<figure>\n\(svg)<figcaption>\(escapeMarkup(caption))</figcaption>\n"
            + "<details\(open ? " open" : "")><summary>\(escapeMarkup(l(.tableBehindChart)))</summary>\n"
            + Self.tableHTML(header, rows, numericFrom: numericFrom) + "</details>\n</figure>\n"
    }

    static let style = """
        body { font-family: sans-serif; color: #222; margin: 0; background: #fafafa; line-height: 1.45; }
        main { max-width: 980px; margin: 0 auto; padding: 1.5em 2em 4em; background: #fff; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 2em; }
        h3 { margin-top: 1.6em; }
        .subtitle, .note, figcaption { color: #555; }
        .note { font-size: 0.92em; }
        nav ol { columns: 2; }
        table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.9em; }
        caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; vertical-align: top; }
        th { background: #f0f4f8; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .ci { color: #666; font-size: 0.85em; }
        .scroll { overflow-x: auto; }
        .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 0 1.5em; }
        figure { margin: 1.2em 0 2em; }
        figure svg { max-width: 100%; height: auto; }
        details { margin-top: 0.4em; }
        summary { cursor: pointer; color: #0072B2; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        @media print { details::details-content { content-visibility: visible; display: block; } body { background: #fff; } }
        """

    func html(subtitle: String) -> String {
        let toc = "<nav><h2>\(escapeMarkup(l(.contents)))</h2><ol>\n"
            + contents.map { "<li><a href=\"#\($0.id)\">\(escapeMarkup($0.title))</a></li>\n" }.joined() + "</ol></nav>\n"
        return """
            <!DOCTYPE html>
            <html lang="\(l.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(Self.generator)
            <title>\(escapeMarkup(title))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <main>
            <h1>\(escapeMarkup(title))</h1>
            <p class="subtitle">\(escapeMarkup(subtitle))</p>
            \(toc)\(body)\(contents.isEmpty ? "" : "</section>\n")</main>
            </body>
            </html>

            """
    }
}
