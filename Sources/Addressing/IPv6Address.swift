/// An IPv6 address in any RFC 4291 text form; printed in RFC 5952 form.
public struct IPv6Address: Sendable, Hashable, TextCodable {
    /// Eight 16-bit groups, most significant first.
    public let groups: [UInt16]

    public init(groups: [UInt16]) {
        precondition(groups.count == 8, "an IPv6 address has eight groups")
        self.groups = groups
    }

    /// Exactly 16 bytes in network order.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        let bytes = Array(bytes)
        groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
    }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] { groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard (2...45).contains(bytes.count) else { return nil }
        // Split at "::" (at most once), then parse each side's groups.
        var gap: Int?
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: ":") {
                guard gap == nil else { return nil }
                gap = index
                index += 2
            } else {
                index += 1
            }
        }
        if let gap {
            guard let head = Self.groups(bytes[..<gap], allowIPv4Tail: false),
                  let tail = Self.groups(bytes[(gap + 2)...], allowIPv4Tail: true),
                  head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = Self.groups(bytes[...], allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
    }

    private static func groups(_ text: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var result: [UInt16] = []
        result.reserveCapacity(8)
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowIPv4Tail, part.contains(UInt8(ascii: ".")) {
                guard let v4 = IPv4Address(String(decoding: part, as: UTF8.self)) else { return nil }
                result += [UInt16(v4.value >> 16), UInt16(v4.value & 0xFFFF)]
                continue
            }
            guard (1...4).contains(part.count) else { return nil }
            var group: UInt16 = 0
            for byte in part {
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x37
                case 0x61...0x66: digit = byte - 0x57
                default: return nil
                }
                group = group << 4 | UInt16(digit)
            }
            result.append(group)
        }
        return result
    }

    public var description: String {
        // RFC 5952: compress the longest run (of two or more) of zero groups.
        var bestStart = -1, bestLength = 1, runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
