/// One attribute of a STUN message, as type and raw value (padding removed).
public struct STUNAttribute: Sendable, Hashable {
    public var type: UInt16
    public var value: [UInt8]

    public init(type: UInt16, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    init(_ type: STUNAttributeType, _ value: [UInt8]) {
        self.init(type: type.rawValue, value: value)
    }
}
