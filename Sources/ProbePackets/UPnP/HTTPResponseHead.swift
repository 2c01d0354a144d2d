/// The status line and headers of an HTTP/1.x response (also HTTPU over UDP, as SSDP
/// uses it), with the body split off. Header names are matched case-insensitively.
public struct HTTPResponseHead: Sendable, Hashable {
    public var statusCode: Int
    /// Names lowercased; a repeated header keeps its first value.
    public var headers: [String: String]
    public var body: [UInt8]

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public init(parsing bytes: [UInt8], kind: PacketKind) throws(PacketError) {
        let text = bytes.firstRange(of: [13, 10, 13, 10]).map { bytes[..<$0.lowerBound] } ?? bytes[...]
        body = bytes.firstRange(of: [13, 10, 13, 10]).map { Array(bytes[$0.upperBound...]) } ?? []
        // Split bytes, not Characters: in a Swift String "\r\n" is one Character.
        var lines = text.split(separator: 10, omittingEmptySubsequences: false)
            .map { String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self) }
        guard let statusLine = lines.first, !statusLine.isEmpty else {
            throw .missing(kind, field: "the status line")
        }
        lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]), (100...599).contains(code) else {
            throw .invalidValue(kind, field: "status line", found: String(statusLine.prefix(80)).debugDescription, expected: "HTTP/1.x CODE REASON")
        }
        statusCode = code
        headers = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw .invalidValue(kind, field: "header line", found: String(line.prefix(80)).debugDescription, expected: "NAME: value")
            }
            let name = line[..<colon].trimmingSpaces().lowercased()
            guard !name.isEmpty else {
                throw .invalidValue(kind, field: "header name", found: "an empty name", expected: "a header name")
            }
            if headers[name] == nil { headers[name] = String(line[line.index(after: colon)...].trimmingSpaces()) }
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        let isSpace = { (character: Character) in character == " " || character == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
