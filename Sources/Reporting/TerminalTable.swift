import TextTable

/// Aligned text tables for the terminal, framed in TextTable's psql style; the first `leftColumns` columns are text, the rest numbers
/// aligned on the right.
enum TerminalTable {
    static func render(header: [String], rows: [[String]], leftColumns: Int = 1) -> String {
        let table = TextTable<[String]> { row in
            row.indices.map { c in
                Column(title: header[c], value: row[c], align: c < leftColumns ? .left : .right)
            }
        }
        // TextTable takes the titles from the first row's columns; an empty table still shows them.
        let text = table.string(for: rows.isEmpty ? [header.map { _ in "" }] : rows, style: Style.psql) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop(while: { $0 == " " }).reversed())  // no trailing blanks
        }
        // An empty table keeps its frame and header only.
        let kept = lines.filter { !$0.isEmpty }
        return (rows.isEmpty ? Array(kept.prefix(3)) + [kept[0]] : kept).joined(separator: "\n") + "\n"
    }
}
