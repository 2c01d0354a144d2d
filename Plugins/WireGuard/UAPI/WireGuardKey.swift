import Foundation

/// A 32-byte WireGuard key. The UAPI speaks hex, the server list and the
/// daemon base64. A private key's bytes are never printed.
struct WireGuardKey: Sendable, Hashable, CustomStringConvertible {
    let bytes: [UInt8]

    init?(base64: String) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else { return nil }
        bytes = Array(data)
    }

    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    var hex: String { bytes.map { String(format: "%02x", $0) }.joined() }
    var base64: String { Data(bytes).base64EncodedString() }

    /// Deliberately not the key: keys end up in logs through interpolation.
    var description: String { "<key>" }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x57
        case 0x41...0x46: digit - 0x37
        default: nil
        }
    }
}
