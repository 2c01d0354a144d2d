/// Parses a hex dump ("3c 00 00 00 …", whitespace ignored) into bytes, so byte vectors
/// in tests read like the kernel structs they were computed from.
func hex(_ text: String) -> [UInt8] {
    let digits = text.unicodeScalars.filter { !$0.properties.isWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var bytes: [UInt8] = []
    var iterator = digits.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(high) + String(low), radix: 16)!)
    }
    return bytes
}

/// Bytes of a C string plus its NUL.
func cString(_ text: String) -> [UInt8] { Array(text.utf8) + [0] }

/// Pads to a multiple of 4, as NLA_ALIGN does.
func padded(_ bytes: [UInt8]) -> [UInt8] {
    bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4)
}

/// A little-endian integer's bytes (netlink's host order on the machines this runs on).
func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

/// One attribute, written out by hand: nla_len, nla_type, payload, padding.
func attribute(_ type: UInt16, _ payload: [UInt8], nested: Bool = false) -> [UInt8] {
    le(UInt16(4 + payload.count)) + le(nested ? type | 0x8000 : type) + padded(payload)
}

/// A struct nlmsghdr written out by hand.
func messageHeader(length: Int, type: UInt16, flags: UInt16, sequence: UInt32, portID: UInt32 = 0) -> [UInt8] {
    le(UInt32(length)) + le(type) + le(flags) + le(sequence) + le(portID)
}

/// A whole message: header computed around the payload.
func message(type: UInt16, flags: UInt16, sequence: UInt32, portID: UInt32 = 0, payload: [UInt8]) -> [UInt8] {
    messageHeader(length: 16 + payload.count, type: type, flags: flags, sequence: sequence, portID: portID) + padded(payload)
}

/// SplitMix64: a seeded generator, so fuzz failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
