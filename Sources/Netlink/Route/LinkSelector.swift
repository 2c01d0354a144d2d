/// Names a link either way the kernel accepts: by index or by name.
public enum LinkSelector: Sendable, Hashable, CustomStringConvertible {
    case index(Int32)
    case name(String)

    public var description: String {
        switch self {
        case let .index(index): "link #\(index)"
        case let .name(name): "link \(name)"
        }
    }

    /// The index to put in a family header (0 when the name attribute identifies the link).
    var headerIndex: Int32 {
        if case let .index(index) = self { return index }
        return 0
    }

    /// The name to send as an attribute, validated, when selecting by name.
    func validatedName() throws(NetlinkError) -> String? {
        guard case let .name(name) = self else { return nil }
        try InterfaceName.validate(name, field: "interface name")
        return name
    }
}

/// The kernel's rules for interface names (dev_valid_name in net/core/dev.c), checked
/// here so a bad name fails with a clear reason instead of a bare EINVAL.
enum InterfaceName {
    /// IFNAMSIZ - 1.
    static let maximumLength = 15

    static func validate(_ name: String, field: String) throws(NetlinkError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else { throw .invalidArgument(field: field, reason: "the name is empty") }
        guard bytes.count <= maximumLength else {
            throw .invalidArgument(field: field, reason: "\"\(name)\" is \(bytes.count) bytes long; Linux allows at most \(maximumLength)")
        }
        guard name != ".", name != ".." else {
            throw .invalidArgument(field: field, reason: "\"\(name)\" is not a valid interface name")
        }
        // '/', ':', NUL and whitespace are refused by the kernel.
        if let bad = bytes.first(where: { $0 == 0x2F || $0 == 0x3A || $0 == 0 || $0 == 0x20 || (0x09 ... 0x0D).contains($0) }) {
            throw .invalidArgument(field: field, reason: "\"\(name)\" contains the forbidden character \(describe(bad))")
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16))"
    }
}
