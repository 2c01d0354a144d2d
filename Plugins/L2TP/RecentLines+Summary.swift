import PluginKit

/// xl2tpd's and pppd's lines as a user should see them.
extension RecentLines {
    /// The lines worth showing a user: xl2tpd's banner and argument dump left out.
    func summary(last count: Int = 4) -> String {
        let useful = all.filter { line in
            !(line.contains("Written by") || line.contains("Forked") || line.contains("Inherited by") || line.contains("\"")
                || line.contains("version xl2tpd") || line.contains("SAref") || line.contains("start_pppd"))
        }
        return useful.suffix(count).map { line in
            // "xl2tpd[123]: message" → "message"
            if let colon = line.range(of: "]: ") { return String(line[colon.upperBound...]) }
            return line
        }.joined(separator: "; ")
    }
}
