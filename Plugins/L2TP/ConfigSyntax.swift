import PluginKit

/// The character rules of the three files the plugin writes, checked before
/// anything is written: a value that could end a word, a quoted string or a
/// line (and so add an option of its own, like `up /bin/sh` or a `plugin`
/// line for pppd) never reaches a file.
enum ConfigSyntax {
    /// What the kernel, pppd's `ifname` and a path component all accept
    /// (PluginKit's `TunnelInterfaceName`).
    static func isInterfaceName(_ text: String) -> Bool {
        TunnelInterfaceName(rawValue: text) != nil
    }

    /// A server id from the list (`de-fra-001`): lower-case letters, digits,
    /// dashes, dots and underscores, never `..` or a slash.
    static func isIdentifier(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && !text.contains("..")
            && text.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// An RFC 1123 host name: dot-separated labels of letters, digits and
    /// inner dashes, 253 bytes at most.
    static func isHostname(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count) else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.utf8.first != UInt8(ascii: "-") && label.utf8.last != UInt8(ascii: "-")
                && label.utf8.allSatisfy { isLowerAlphanumeric($0) || (0x41...0x5A).contains($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// A word pppd's option-file reader takes whole inside double quotes:
    /// printable ASCII without `"` (ends the word) or `\` (escapes the next
    /// character); pppd keeps at most 255 bytes of a secret (MAXSECRETLEN).
    static func isPPPQuotable(_ text: String, maximumLength: Int = 255) -> Bool {
        (1...maximumLength).contains(text.utf8.count) && text.utf8.allSatisfy(isPlainPrintable)
    }

    /// A value for a swanctl.conf quoted string: printable ASCII without `"`
    /// or `\`. The PSK is written hex-encoded anyway (so a PSK starting with
    /// `0x` or `0s` is not reinterpreted), but a value no strongSwan quoting
    /// could carry is refused rather than silently transformed.
    static func isSwanctlQuotable(_ text: String, maximumLength: Int = 255) -> Bool {
        (1...maximumLength).contains(text.utf8.count) && text.utf8.allSatisfy(isPlainPrintable)
    }

    /// Printable ASCII (space included) except the two quoting characters.
    static func isPlainPrintable(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// What an error message may quote of a rejected value: never the value
    /// itself when it is a secret, and never raw control characters.
    static func excerpt(_ text: String) -> String {
        let cleaned = String(decoding: text.utf8.prefix(40).map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        return "\"\(cleaned)\(text.utf8.count > 40 ? "…" : "")\""
    }
}
