/// One decoded `struct nlattr`: a type, two flag bits, and the payload its length covers.
public struct NetlinkAttribute: Sendable, Hashable {
    /// linux/netlink.h: NLA_F_NESTED, NLA_F_NET_BYTEORDER and NLA_TYPE_MASK.
    public static let nestedFlag: UInt16 = 1 << 15
    public static let networkByteOrderFlag: UInt16 = 1 << 14
    public static let typeMask: UInt16 = ~(nestedFlag | networkByteOrderFlag)
    public static let headerSize = 4

    /// The attribute type with the flag bits masked off.
    public var type: UInt16
    public var isNested: Bool
    public var isNetworkByteOrder: Bool
    public var payload: ArraySlice<UInt8>

    public init(type: UInt16, isNested: Bool = false, isNetworkByteOrder: Bool = false, payload: ArraySlice<UInt8>) {
        self.type = type
        self.isNested = isNested
        self.isNetworkByteOrder = isNetworkByteOrder
        self.payload = payload
    }

    /// Decodes a run of attributes, as found after a family header or inside a nest.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(WireFormatError) -> [NetlinkAttribute] {
        var reader = ByteReader(bytes)
        var attributes: [NetlinkAttribute] = []
        while !reader.isAtEnd {
            let start = reader.offset
            let length = Int(try reader.read(UInt16.self, "nlattr.nla_len"))
            let rawType = try reader.read(UInt16.self, "nlattr.nla_type")
            guard length >= headerSize, length - headerSize <= reader.remaining else {
                throw .invalidLength(field: "nlattr.nla_len (type \(rawType & typeMask))", offset: start, length: length)
            }
            let payload = try reader.readBytes(length - headerSize, "nlattr payload")
            attributes.append(NetlinkAttribute(type: rawType & typeMask,
                                               isNested: rawType & nestedFlag != 0,
                                               isNetworkByteOrder: rawType & networkByteOrderFlag != 0,
                                               payload: payload))
            reader.skipAlignment()
        }
        return attributes
    }

    /// The attributes inside this one. Callers decide by type whether an attribute is
    /// a nest: the kernel does not set NLA_F_NESTED everywhere (rtnetlink often omits it).
    public func nested() throws(WireFormatError) -> [NetlinkAttribute] {
        try Self.parse(payload)
    }

    public func integer<T: FixedWidthInteger>(_: T.Type, _ field: StaticString) throws(WireFormatError) -> T {
        guard payload.count == MemoryLayout<T>.size else {
            throw .unexpectedSize(field: "\(field)", expected: MemoryLayout<T>.size, actual: payload.count)
        }
        var reader = ByteReader(payload)
        return try reader.read(T.self, field)
    }

    public func u8(_ field: StaticString) throws(WireFormatError) -> UInt8 { try integer(UInt8.self, field) }
    public func u16(_ field: StaticString) throws(WireFormatError) -> UInt16 { try integer(UInt16.self, field) }
    public func u32(_ field: StaticString) throws(WireFormatError) -> UInt32 { try integer(UInt32.self, field) }
    public func u64(_ field: StaticString) throws(WireFormatError) -> UInt64 { try integer(UInt64.self, field) }
    public func i32(_ field: StaticString) throws(WireFormatError) -> Int32 { try integer(Int32.self, field) }

    /// A C string: up to the first NUL, or the whole payload when unterminated.
    public var string: String {
        let end = payload.firstIndex(of: 0) ?? payload.endIndex
        return String(decoding: payload[..<end], as: UTF8.self)
    }

    /// A fixed-size binary value (a key, an address).
    public func bytes(count: Int, _ field: StaticString) throws(WireFormatError) -> [UInt8] {
        guard payload.count == count else {
            throw .unexpectedSize(field: "\(field)", expected: count, actual: payload.count)
        }
        return Array(payload)
    }
}

extension Array where Element == NetlinkAttribute {
    /// The first attribute of a type; netlink repeats a type only in arrays, which callers walk themselves.
    public func first(ofType type: UInt16) -> NetlinkAttribute? {
        first { $0.type == type }
    }
}
