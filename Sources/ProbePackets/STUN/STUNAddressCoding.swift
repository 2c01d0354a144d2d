import Addressing

/// The (XOR-)MAPPED-ADDRESS value layout shared by MAPPED-ADDRESS, XOR-MAPPED-ADDRESS,
/// OTHER-ADDRESS and RESPONSE-ORIGIN (RFC 8489 §14.1, §14.2; RFC 5780 §7.3, §7.4).
enum STUNAddressCoding {
    /// XOR-MAPPED-ADDRESS hides the address from NATs that rewrite addresses they
    /// find in payloads: port XOR the cookie's top half, address XOR cookie + ID.
    private static func mask(_ transactionID: STUNTransactionID) -> [UInt8] {
        [0x21, 0x12, 0xA4, 0x42] + transactionID.bytes
    }

    static func decode(_ value: [UInt8], field: String, xor transactionID: STUNTransactionID?) throws(PacketError) -> TransportAddress {
        var reader = PacketReader(value, kind: .stun)
        try reader.skip(1, field + " reserved byte")
        let family = try reader.u8(field + " family")
        let length: Int
        switch family {
        case 0x01: length = 4
        case 0x02: length = 16
        default: throw .invalidValue(.stun, field: field + " family", found: "\(family)", expected: "1 (IPv4) or 2 (IPv6)")
        }
        var port = try reader.u16(field + " port")
        var address = try reader.bytes(length, field + " address")
        guard reader.isAtEnd else {
            throw .invalidValue(.stun, field: field + " length", found: "\(value.count)", expected: "\(4 + length)")
        }
        if let transactionID {
            port ^= 0x2112
            let mask = mask(transactionID)
            for index in address.indices { address[index] ^= mask[index] }
        }
        return TransportAddress(address: IPAddress(bytes: address)!, port: port)
    }

    static func encode(_ address: TransportAddress, xor transactionID: STUNTransactionID?) -> [UInt8] {
        var writer = PacketWriter()
        writer.u8(0)
        writer.u8(address.address.family == .ipv4 ? 0x01 : 0x02)
        var bytes = address.address.bytes
        if let transactionID {
            writer.u16(address.port ^ 0x2112)
            let mask = mask(transactionID)
            for index in bytes.indices { bytes[index] ^= mask[index] }
        } else {
            writer.u16(address.port)
        }
        writer.append(bytes)
        return writer.bytes
    }
}
