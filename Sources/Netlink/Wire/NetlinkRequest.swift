/// A message to send: everything but the sequence number and port id, which the
/// socket stamps when it sends (so a request value can be built, compared and tested
/// byte for byte without a socket).
public struct NetlinkRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var type: NetlinkMessageType
    public var flags: NetlinkMessageFlags
    /// Family header and attributes, already padded to 4 bytes.
    public var payload: [UInt8]

    public init(type: NetlinkMessageType, flags: NetlinkMessageFlags, payload: [UInt8]) {
        self.type = type
        self.flags = flags
        self.payload = payload
    }

    public var encodedLength: Int { NetlinkMessageHeader.size + payload.count }

    public func encoded(sequence: UInt32, portID: UInt32 = 0) -> [UInt8] {
        var writer = ByteWriter(capacity: encodedLength)
        NetlinkMessageHeader(length: UInt32(encodedLength), type: type, flags: flags,
                             sequence: sequence, portID: portID).encode(into: &writer)
        writer.append(contentsOf: payload)
        return writer.bytes
    }

    // Payloads can hold secrets (a WireGuard private key in SET_DEVICE), so printing a
    // request shows its shape, never its bytes.
    public var description: String {
        "NetlinkRequest(\(type), flags 0x\(String(flags.rawValue, radix: 16)), \(encodedLength) bytes)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["type": type, "flags": flags, "length": encodedLength], displayStyle: .struct)
    }
}
