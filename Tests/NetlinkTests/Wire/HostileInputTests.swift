import Addressing
@testable import Netlink
import Testing

/// Every decoder, fed random, truncated and corrupted bytes, must throw or succeed:
/// never trap (a trap ends the whole test process, so reaching the end is the check).
@Suite struct HostileInputTests {
    /// Runs every decoder on one blob, both as a datagram and as a message payload.
    static func decodeEverything(_ bytes: [UInt8]) {
        _ = try? NetlinkMessage.parse(datagram: bytes)
        _ = try? NetlinkAttribute.parse(bytes[...])
        _ = try? WireGuardEndpoint.decode(socketAddress: bytes[...])
        for type in [NetlinkMessageType.error, .done, .newLink, .newAddress, .newRoute, .newRule, .genericControl] {
            for flags: NetlinkMessageFlags in [[], [.acknowledgementTLVs], [.capped, .acknowledgementTLVs]] {
                let message = NetlinkMessage(header: .init(length: UInt32(16 + bytes.count), type: type, flags: flags, sequence: 0, portID: 0),
                                             payload: bytes[...])
                _ = try? NetlinkAcknowledgement.decodeError(message)
                _ = try? NetlinkAcknowledgement.decodeDone(message)
                _ = try? LinkMessages.decode(message)
                _ = try? AddressMessages.decode(message)
                _ = try? RouteMessages.decode(message)
                _ = try? RuleMessages.decode(message)
                _ = try? FamilyMessages.decodeFamily(message)
                _ = try? WireGuardMessages.decodeDevice([message])
            }
        }
        _ = try? WireGuardMessages.decodeSetDevice([NetlinkRequest(type: .init(rawValue: 0x1B), flags: [], payload: bytes)])
        _ = Base64.decode(String(decoding: bytes, as: UTF8.self))
    }

    @Test func randomBytes() {
        var generator = SplitMix64(seed: 0x6E65_746C_696E_6B)
        for _ in 0 ..< 3000 {
            let count = Int.random(in: 0 ... 96, using: &generator)
            Self.decodeEverything((0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &generator) })
        }
    }

    /// Random attribute trees with valid framing reach the typed decoders, where random
    /// bytes alone rarely get past the first length check.
    @Test func randomlyTypedAttributes() {
        var generator = SplitMix64(seed: 42)
        func tree(depth: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            for _ in 0 ..< Int.random(in: 0 ... 5, using: &generator) {
                let type = UInt16.random(in: 0 ... 12, using: &generator)
                if depth < 3 && Bool.random(using: &generator) {
                    bytes += attribute(type, tree(depth: depth + 1), nested: Bool.random(using: &generator))
                } else {
                    let size = [0, 1, 2, 4, 8, 16, 28, 32, Int.random(in: 0 ... 40, using: &generator)].randomElement(using: &generator)!
                    bytes += attribute(type, (0 ..< size).map { _ in UInt8.random(in: 0 ... 255, using: &generator) })
                }
            }
            return bytes
        }
        for _ in 0 ..< 3000 {
            let headerSize = [0, 4, 8, 12, 16].randomElement(using: &generator)!
            let header = (0 ..< headerSize).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
            Self.decodeEverything(header + tree(depth: 0))
        }
    }

    /// Every prefix of real messages, and each with one byte flipped at every position.
    @Test func truncatedAndCorruptedRealMessages() throws {
        var samples: [[UInt8]] = [
            try LinkMessages.create(name: "veth0", kind: .veth(peerName: "veth1"), mtu: 1400).encoded(sequence: 1),
            AddressMessages.add(IPNetwork("2001:db8::1/64")!, interfaceIndex: 3, flags: .noDAD).encoded(sequence: 2),
            try RouteMessages.add(Route.defaultRoute(via: IPAddress("198.51.100.1")!, outputInterface: 2, table: 51820)).encoded(sequence: 3),
            try RuleMessages.add(Rule(family: .ipv4, priority: 5, table: 51820, fwmark: 1, invert: true)).encoded(sequence: 4),
            FamilyMessages.getFamily(named: "wireguard").encoded(sequence: 5),
        ]
        samples += try WireGuardMessages.setDevice(SetDeviceEncoderTests.largeUpdate(peers: 3, allowedIPsPerPeer: 3),
                                                   familyID: 0x1B).map { $0.encoded(sequence: 6) }
        for sample in samples {
            for end in 0 ... sample.count {
                let prefix = Array(sample[..<end])
                Self.decodeEverything(prefix)
                Self.decodeEverything(Array(prefix.dropFirst(min(16, prefix.count))))
            }
            for position in sample.indices {
                var corrupted = sample
                corrupted[position] ^= 0xFF
                Self.decodeEverything(corrupted)
                Self.decodeEverything(Array(corrupted.dropFirst(16)))
            }
        }
    }
}
