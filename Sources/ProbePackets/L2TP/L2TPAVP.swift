/// An L2TP attribute-value pair (RFC 2661 §4.1): M and H bits, length, vendor, type, value.
public struct L2TPAVP: Sendable, Hashable {
    public var mandatory: Bool
    /// Hidden AVPs carry an obscured value this probe does not decode.
    public var hidden: Bool
    public var vendorID: UInt16
    public var type: UInt16
    public var value: [UInt8]

    public init(mandatory: Bool = true, hidden: Bool = false, vendorID: UInt16 = 0, type: UInt16, value: [UInt8]) {
        self.mandatory = mandatory
        self.hidden = hidden
        self.vendorID = vendorID
        self.type = type
        self.value = value
    }

    init(_ type: L2TPAVPType, mandatory: Bool = true, _ value: [UInt8]) {
        self.init(mandatory: mandatory, type: type.rawValue, value: value)
    }

    static func u16(_ type: L2TPAVPType, _ value: UInt16) -> Self {
        Self(type, [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)])
    }

    static let headerLength = 6

    func write(to writer: inout PacketWriter) {
        let length = UInt16(truncatingIfNeeded: min(value.count + Self.headerLength, 1023))
        writer.u16((mandatory ? 0x8000 : 0) | (hidden ? 0x4000 : 0) | length)
        writer.u16(vendorID)
        writer.u16(type)
        writer.append(value.prefix(Int(length) - Self.headerLength))
    }

    static func read(from reader: inout PacketReader) throws(PacketError) -> Self {
        let bits = try reader.u16("AVP flags and length")
        let length = Int(bits & 0x03FF)
        guard length >= headerLength else {
            throw .invalidValue(.l2tp, field: "AVP length", found: "\(length)", expected: "at least 6")
        }
        let vendorID = try reader.u16("AVP vendor ID")
        let type = try reader.u16("AVP attribute type")
        let value = try reader.bytes(length - headerLength, "value of AVP \(type)")
        return Self(mandatory: bits & 0x8000 != 0, hidden: bits & 0x4000 != 0, vendorID: vendorID, type: type, value: value)
    }
}
