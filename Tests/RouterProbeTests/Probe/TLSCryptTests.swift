import Testing
@testable import ProbePackets
@testable import RouterProbe

@Suite struct TLSCryptTests {
    static let keyBytes = (0..<256).map { UInt8($0) }
    static var pem: String {
        let hex = keyBytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let lines = stride(from: 0, to: hex.count, by: 32).map { start -> String in
            let from = hex.index(hex.startIndex, offsetBy: start)
            return String(hex[from..<hex.index(from, offsetBy: 32)])
        }
        return "#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n" + lines.joined(separator: "\n") + "\n-----END OpenVPN Static key V1-----\n"
    }

    @Test func theStaticKeyFileIsRead() throws {
        let key = try OpenVPNStaticKey(parsing: Self.pem)
        #expect(key.bytes == Self.keyBytes)
        #expect(Array(key.cipherKey(1).prefix(2)) == [128, 129])
        #expect(Array(key.hmacKey(0).prefix(2)) == [64, 65])
    }

    @Test(arguments: [
        ("no markers", "BEGIN OpenVPN Static key V1"),
        ("-----BEGIN OpenVPN Static key V1-----\nabcd\n", "END OpenVPN Static key V1"),
        ("-----BEGIN OpenVPN Static key V1-----\nabc\n-----END OpenVPN Static key V1-----", "even number"),
        ("-----BEGIN OpenVPN Static key V1-----\nzz\n-----END OpenVPN Static key V1-----", "hex digit"),
        ("-----BEGIN OpenVPN Static key V1-----\nabcd\n-----END OpenVPN Static key V1-----", "2048 bits"),
    ])
    func badKeyFilesSayWhatIsWrong(text: String, complaint: String) {
        do {
            _ = try OpenVPNStaticKey(parsing: text)
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.description.contains(complaint), "\(error)")
        }
    }

    @Test func clientAndServerEachOpenWhatTheOtherWraps() throws {
        let key = try OpenVPNStaticKey(parsing: Self.pem)
        let client = TLSCrypt(key: key, role: .client), server = TLSCrypt(key: key, role: .server)
        let reset = OpenVPNHardReset().encoded()
        let wrapped = try client.wrap(reset, packetID: 1, time: 0x6000_0000)
        #expect(wrapped.count == reset.count + 8 + 32, "packet ID, time and tag added")
        #expect(Array(wrapped.prefix(9)) == Array(reset.prefix(9)), "opcode and session ID stay in the clear")
        #expect(Array(wrapped[9..<17]) == [0, 0, 0, 1, 0x60, 0, 0, 0])
        #expect(Array(wrapped.suffix(reset.count - 9)) != Array(reset.dropFirst(9)), "the rest is encrypted")
        #expect(try server.unwrap(wrapped) == reset)
        // The client cannot open its own packets: directions use different keys.
        #expect(throws: PacketError.self) { try client.unwrap(wrapped) }
        let answer = try server.wrap(reset, packetID: 7, time: 1)
        #expect(try client.unwrap(answer) == reset)
    }

    @Test func aChangedByteFailsTheTag() throws {
        let key = try OpenVPNStaticKey(parsing: Self.pem)
        let wrapped = try TLSCrypt(key: key, role: .server).wrap(OpenVPNHardReset().encoded(), packetID: 1, time: 1)
        let client = TLSCrypt(key: key, role: .client)
        for index in [0, 5, 12, 20, wrapped.count - 1] {
            var tampered = wrapped
            tampered[index] ^= 0x01
            #expect(throws: PacketError.self, "byte \(index)") { try client.unwrap(tampered) }
        }
        #expect(throws: PacketError.self) { try client.unwrap(Array(wrapped.prefix(40))) }
    }
}
