/// An `http://host[:port]/path` URL, all a UPnP gateway uses (no Foundation URL needed).
public struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address; an IPv6 address without brackets.
    public var host: String
    public var port: UInt16
    /// Starts with "/"; includes any query.
    public var path: String

    public init(host: String, port: UInt16 = 80, path: String = "/") {
        self.host = host
        self.port = port
        self.path = path.hasPrefix("/") ? path : "/" + path
    }

    public init(parsing text: String, kind: PacketKind) throws(PacketError) {
        let trimmed = text.trimmingSpaces()
        guard trimmed.lowercased().hasPrefix("http://") else {
            throw .invalidValue(kind, field: "URL", found: String(trimmed.prefix(80)).debugDescription, expected: "an http:// URL")
        }
        let rest = trimmed.dropFirst(7)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let path = String(rest.dropFirst(authority.count))
        var host = Substring(authority.split(separator: "@").last ?? "")
        var port: UInt16 = 80
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw .invalidValue(kind, field: "URL host", found: String(authority).debugDescription, expected: "[IPv6]:port")
            }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.port(after.dropFirst(), kind: kind) }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            port = try Self.port(host[host.index(after: colon)...], kind: kind)
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw .missing(kind, field: "a host in URL \(trimmed.prefix(80).debugDescription)") }
        self.init(host: String(host), port: port, path: path.isEmpty ? "/" : path)
    }

    private static func port(_ text: Substring, kind: PacketKind) throws(PacketError) -> UInt16 {
        guard let port = UInt16(text), port > 0 else {
            throw .invalidValue(kind, field: "URL port", found: String(text.prefix(20)).debugDescription, expected: "1-65535")
        }
        return port
    }

    /// Resolves a URL found in a description (absolute, or a path relative to this URL).
    public func resolving(_ reference: String, kind: PacketKind) throws(PacketError) -> HTTPURL {
        let trimmed = reference.trimmingSpaces()
        if trimmed.lowercased().hasPrefix("http://") { return try HTTPURL(parsing: trimmed, kind: kind) }
        if trimmed.hasPrefix("/") { return HTTPURL(host: host, port: port, path: trimmed) }
        let directory = path.prefix { $0 != "?" }.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return HTTPURL(host: host, port: port, path: directory + "/" + trimmed)
    }

    /// The value of an HTTP Host header.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    public var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)" }
}
