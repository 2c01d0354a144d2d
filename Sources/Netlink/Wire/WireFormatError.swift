/// Why bytes received from the kernel (or anyone claiming to be it) could not be decoded.
///
/// Decoding never traps: every length and offset is checked, and a lie in the input
/// becomes one of these cases, naming the field that did not fit.
public enum WireFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer bytes were left than the field needs.
    case truncated(field: String, offset: Int, needed: Int, available: Int)
    /// A length field is smaller than its own header or larger than what encloses it.
    case invalidLength(field: String, offset: Int, length: Int)
    /// A fixed-size value (an integer, a key, an address) came with another size.
    case unexpectedSize(field: String, expected: Int, actual: Int)
    /// An attribute the message cannot be understood without is absent.
    case missingAttribute(field: String)
    /// The bytes are well-formed but the value makes no sense (an unknown family, a prefix too long).
    case invalidValue(field: String, reason: String)

    public var description: String {
        switch self {
        case let .truncated(field, offset, needed, available):
            "truncated netlink data: \(field) at offset \(offset) needs \(needed) bytes, only \(available) left"
        case let .invalidLength(field, offset, length):
            "invalid netlink length: \(field) at offset \(offset) claims \(length) bytes"
        case let .unexpectedSize(field, expected, actual):
            "unexpected size for \(field): expected \(expected) bytes, got \(actual)"
        case let .missingAttribute(field):
            "netlink reply lacks \(field)"
        case let .invalidValue(field, reason):
            "invalid \(field): \(reason)"
        }
    }
}
