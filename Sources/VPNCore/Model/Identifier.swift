/// The rules shared by location and server ids: ASCII letters, digits, `-`,
/// `_` and `.`, starting with a letter or digit, at most 64 characters. Ids end
/// up in file names and generated configuration, so nothing else gets in.
enum IdentifierSyntax {
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

/// An id from the server list, compared case-insensitively. `Kind` keeps a
/// location's id and a server's id from being mixed up.
public struct Identifier<Kind>: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        guard IdentifierSyntax.isValid(rawValue) else { return nil }
        self.rawValue = rawValue.lowercased()
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum LocationKind {}
public enum ServerKind {}

/// A location's id, such as `de-fra`.
public typealias LocationID = Identifier<LocationKind>
/// A server's id, such as `de-fra-001`.
public typealias ServerID = Identifier<ServerKind>

/// An ISO 3166-1 alpha-2 country code, kept upper-case (`DE`).
public struct CountryCode: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard bytes.count == 2, bytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) else { return nil }
        self.rawValue = rawValue.uppercased()
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
