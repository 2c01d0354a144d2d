/// Why a packet could not be built or understood.
///
/// Parsers never trap: every read is bounds-checked, and whatever a peer (or a
/// random buffer) sends becomes one of these, naming the protocol and the field.
public enum PacketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes end before `field` does.
    case truncated(PacketKind, field: String, needed: Int, available: Int)
    /// `field` holds a value that is not what the protocol allows here.
    case invalidValue(PacketKind, field: String, found: String, expected: String)
    /// A checksum carried in the packet does not match the bytes it covers.
    case checksumMismatch(PacketKind, field: String, carried: UInt32, computed: UInt32)
    /// Something the probe needs from this message is absent.
    case missing(PacketKind, field: String)

    public var kind: PacketKind {
        switch self {
        case let .truncated(kind, _, _, _), let .invalidValue(kind, _, _, _),
             let .checksumMismatch(kind, _, _, _), let .missing(kind, _):
            kind
        }
    }

    public var description: String {
        switch self {
        case let .truncated(kind, field, needed, available):
            "\(kind) packet is truncated: \(field) needs \(needed) bytes but only \(available) are left"
        case let .invalidValue(kind, field, found, expected):
            "\(kind) packet has an invalid \(field): found \(found), expected \(expected)"
        case let .checksumMismatch(kind, field, carried, computed):
            "\(kind) packet fails its \(field) check: carries \(hex(carried)), the bytes give \(hex(computed))"
        case let .missing(kind, field):
            "\(kind) message lacks \(field)"
        }
    }

    private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
