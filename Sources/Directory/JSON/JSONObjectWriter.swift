/// Writes one flat JSON object; enough for cache headers without pulling in
/// an encoder.
struct JSONObjectWriter {
    private var members: [String] = []

    mutating func add(_ key: String, _ value: String) {
        members.append("\(Self.quote(key)):\(Self.quote(value))")
    }

    mutating func add(_ key: String, _ value: Int) {
        members.append("\(Self.quote(key)):\(value)")
    }

    mutating func add(_ key: String, _ value: Double) {
        members.append("\(Self.quote(key)):\(value)")
    }

    var text: String { "{" + members.joined(separator: ",") + "}" }

    /// A flat object of strings, keys in the given order.
    static func object(_ pairs: KeyValuePairs<String, String>) -> String {
        var writer = JSONObjectWriter()
        for (key, value) in pairs { writer.add(key, value) }
        return writer.text
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
