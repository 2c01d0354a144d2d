/// An OpenVPN static key file ("OpenVPN Static key V1"): 2048 bits in hex,
/// four 64-byte keys — cipher and HMAC for one direction, then for the other.
public struct OpenVPNStaticKey: Sendable, Hashable {
    public static let length = 256

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(PacketError) {
        guard bytes.count == Self.length else {
            throw .invalidValue(.openVPN, field: "static key length", found: "\(bytes.count) bytes", expected: "\(Self.length) bytes (2048 bits)")
        }
        self.bytes = bytes
    }

    /// Parses the PEM-like text, with the `#` comment lines the generator writes.
    public init(parsing text: String) throws(PacketError) {
        let begin = "-----BEGIN OpenVPN Static key V1-----", end = "-----END OpenVPN Static key V1-----"
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmed(of: " \t\r") }
        guard let first = lines.firstIndex(of: begin) else { throw .missing(.openVPN, field: "the line \(begin)") }
        guard let last = lines[first...].firstIndex(of: end) else { throw .missing(.openVPN, field: "the line \(end)") }
        var bytes: [UInt8] = []
        for line in lines[(first + 1)..<last] where !line.isEmpty {
            let digits = Array(line.utf8)
            guard digits.count % 2 == 0 else {
                throw .invalidValue(.openVPN, field: "static key line", found: "\(digits.count) hex digits", expected: "an even number")
            }
            for index in stride(from: 0, to: digits.count, by: 2) {
                guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else {
                    throw .invalidValue(.openVPN, field: "static key", found: "a character that is not a hex digit", expected: "hex digits")
                }
                bytes.append(high << 4 | low)
            }
        }
        try self.init(bytes: bytes)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Key `index` (0 or 1) of the pair: its cipher half and its HMAC half, each 64 bytes.
    func cipherKey(_ index: Int) -> ArraySlice<UInt8> { bytes[(index * 128)..<(index * 128 + 64)] }
    func hmacKey(_ index: Int) -> ArraySlice<UInt8> { bytes[(index * 128 + 64)..<(index * 128 + 128)] }
}

extension Substring {
    func trimmed(of characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
