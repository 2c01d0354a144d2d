import Addressing
import PluginKit

/// Checks for values that end up in openvpn's config file or on its
/// management channel. Both are line-based and both treat quotes, `#`, `;`
/// and `<tag>` specially, so each value is held to the narrowest alphabet
/// that its field needs; anything else is refused rather than escaped.
enum ConfigValue {
    /// A Linux interface name that is also a safe path component
    /// (PluginKit's `TunnelInterfaceName`).
    static func isInterfaceName(_ text: String) -> Bool {
        TunnelInterfaceName(rawValue: text) != nil
    }

    /// A DNS name: labels of letters, digits and dashes, 1 to 63 each,
    /// at most 253 in all.
    static func isHostname(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count) else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.utf8.first != UInt8(ascii: "-") && label.utf8.last != UInt8(ascii: "-")
                && label.utf8.allSatisfy { isLowerAlphanumeric($0) || isUpper($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// A server id as the server list spells them (`de-fra-001`): letters,
    /// digits, dashes, underscores and inner dots, never `..`.
    static func isServerID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && !text.contains("..") && text.utf8.first != UInt8(ascii: ".")
            && text.utf8.allSatisfy { isLowerAlphanumeric($0) || isUpper($0) || [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")].contains($0) }
    }

    /// A dotted-quad IPv4 address.
    static func ipv4(_ text: String) -> IPAddress? {
        guard text.utf8.count <= 15, let address = IPAddress(text), address.family == .ipv4 else { return nil }
        return address
    }

    /// Text for the management channel's quoted arguments: printable, no
    /// line breaks or NUL (a line break would end the command early).
    static func isManagementArgument(_ text: String, maximumLength: Int) -> Bool {
        (1...maximumLength).contains(text.utf8.count) && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    static func isUpper(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte)
    }
}
