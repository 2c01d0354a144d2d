/// A DNS host name (RFC 1123): dot-separated labels of letters, digits and
/// inner dashes, each at most 63 characters, 253 in all. Nothing that could
/// break out of a generated configuration line can be a `Hostname`.
public struct Hostname: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard (1...253).contains(bytes.count) else { return nil }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard (1...63).contains(label.count),
                  label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  label.allSatisfy({ IdentifierSyntax.isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return nil }
        }
        self.rawValue = rawValue.lowercased()
    }

    public var description: String { rawValue }
}
