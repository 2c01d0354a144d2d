import Addressing

// How the kernel's bytes become the project's address types: a family byte
// that is neither AF_INET nor AF_INET6, or an address of the wrong length, is
// a wire-format error naming the field.

extension AddressFamily {
    static func decode(_ raw: UInt8, _ field: StaticString) throws(WireFormatError) -> Self {
        guard let family = Self(rawValue: raw) else {
            throw .invalidValue(field: "\(field)", reason: "address family \(raw) is neither AF_INET nor AF_INET6")
        }
        return family
    }
}

extension IPAddress {
    static func decode(_ attribute: NetlinkAttribute, family: AddressFamily, _ field: StaticString) throws(WireFormatError) -> Self {
        Self(bytes: try attribute.bytes(count: family.addressLength, field))!
    }
}
