/// Left-aligned columns separated by three spaces, as `docker ps` prints
/// them; the last column is not padded.
public enum Table {
    public static func render(headers: [String], rows: [[String]]) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        var text = ""
        for row in [headers] + rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                if column == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[column] - cell.count + 3)
                }
            }
            text += line + "\n"
        }
        return text
    }
}
