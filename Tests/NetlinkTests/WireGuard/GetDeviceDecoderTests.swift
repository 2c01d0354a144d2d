import Addressing
@testable import Netlink
import Testing

/// A GET_DEVICE dump split the way the kernel splits it (drivers/net/wireguard/netlink.c):
/// device attributes in the first message only; a peer whose allowed IPs overflow
/// reappears first in the next message with only its key and the rest of them.
@Suite struct GetDeviceDecoderTests {
    let keyA = [UInt8](repeating: 0xA1, count: 32)
    let keyB = [UInt8](repeating: 0xB2, count: 32)
    let keyC = [UInt8](repeating: 0xC3, count: 32)

    func allowedIP(_ family: UInt16, _ address: [UInt8], _ length: UInt8) -> [UInt8] {
        attribute(0, attribute(3, [length]) + attribute(1, le(family)) + attribute(2, address), nested: true)
    }

    func reply(_ attributes: [UInt8], sequence: UInt32 = 1) -> NetlinkMessage {
        let bytes = message(type: 0x1B, flags: 0x2, sequence: sequence, payload: hex("00 01 00 00") + attributes)
        return try! NetlinkMessage.parse(datagram: bytes)[0]
    }

    @Test func mergesPeersAndAllowedIPsAcrossMessages() throws {
        let handshake = le(Int64(1_700_000_000)) + le(Int64(5))
        let peerA = attribute(1, keyA) + attribute(2, [UInt8](repeating: 0, count: 32)) + attribute(6, handshake)
            + attribute(5, le(UInt16(25))) + attribute(7, le(UInt64(1000))) + attribute(8, le(UInt64(2000)))
            + attribute(10, le(UInt32(1))) + attribute(4, hex("02 00 ca 6c cb 00 71 05 00 00 00 00 00 00 00 00"))
            + attribute(9, allowedIP(2, [198, 18, 0, 1], 32), nested: true)
        let peerBFirst = attribute(1, keyB) + attribute(2, [UInt8](repeating: 7, count: 32))
            + attribute(6, [UInt8](repeating: 0, count: 16)) + attribute(5, le(UInt16(0)))
            + attribute(9, allowedIP(2, [198, 18, 1, 0], 24) + allowedIP(10, hex("20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 00"), 48), nested: true)
        let first = attribute(6, le(UInt16(51820))) + attribute(7, le(UInt32(0xCA6C))) + attribute(1, le(UInt32(5)))
            + attribute(2, cString("wg0")) + attribute(3, [UInt8](repeating: 0x11, count: 32)) + attribute(4, [UInt8](repeating: 0x22, count: 32))
            + attribute(8, attribute(0, peerA, nested: true) + attribute(0, peerBFirst, nested: true), nested: true)
        let peerBRest = attribute(1, keyB) + attribute(9, allowedIP(2, [198, 18, 2, 0], 24), nested: true)
        let peerCFirst = attribute(1, keyC) + attribute(9, allowedIP(2, [198, 18, 3, 0], 24), nested: true)
        let second = attribute(2, cString("wg0")) + attribute(1, le(UInt32(5)))
            + attribute(8, attribute(0, peerBRest, nested: true) + attribute(0, peerCFirst, nested: true), nested: true)
        let third = attribute(1, le(UInt32(5)))
            + attribute(8, attribute(0, attribute(1, keyC) + attribute(9, allowedIP(2, [198, 18, 4, 0], 24), nested: true), nested: true), nested: true)

        let device = try WireGuardMessages.decodeDevice([reply(first), reply(second), reply(third)])

        #expect(device.interfaceIndex == 5)
        #expect(device.interfaceName == "wg0")
        #expect(device.listenPort == 51820)
        #expect(device.fwmark == 0xCA6C)
        #expect(device.privateKey == WireGuardPrivateKey(bytes: [UInt8](repeating: 0x11, count: 32)))
        #expect(device.publicKey == WireGuardPublicKey(bytes: [UInt8](repeating: 0x22, count: 32)))
        #expect(device.peers.count == 3)
        #expect(device.peers[0] == WireGuardPeer(
            publicKey: WireGuardPublicKey(bytes: keyA)!, presharedKey: nil,
            endpoint: WireGuardEndpoint(address: IPAddress("203.0.113.5")!, port: 51820),
            persistentKeepaliveInterval: 25, lastHandshake: .init(seconds: 1_700_000_000, nanoseconds: 5),
            receivedBytes: 1000, transmittedBytes: 2000, allowedIPs: [IPNetwork("198.18.0.1/32")!], protocolVersion: 1))
        #expect(device.peers[1].presharedKey == WireGuardPresharedKey(bytes: [UInt8](repeating: 7, count: 32)))
        #expect(device.peers[1].lastHandshake == nil)
        #expect(device.peers[1].allowedIPs == [IPNetwork("198.18.1.0/24")!, IPNetwork("2001:db8:1::/48")!, IPNetwork("198.18.2.0/24")!])
        #expect(device.peers[2].allowedIPs == [IPNetwork("198.18.3.0/24")!, IPNetwork("198.18.4.0/24")!])
    }

    @Test func aDeviceWithoutPeers() throws {
        let device = try WireGuardMessages.decodeDevice([reply(attribute(1, le(UInt32(9))) + attribute(2, cString("wg1")) + attribute(6, le(UInt16(0))))])
        #expect(device == WireGuardDevice(interfaceIndex: 9, interfaceName: "wg1"))
    }

    @Test func aPeerWithoutAKeyIsMalformed() {
        let bad = attribute(1, le(UInt32(9))) + attribute(2, cString("wg1")) + attribute(8, attribute(0, attribute(5, le(UInt16(1))), nested: true), nested: true)
        #expect(throws: WireFormatError.missingAttribute(field: "WGPEER_A_PUBLIC_KEY")) { try WireGuardMessages.decodeDevice([reply(bad)]) }
    }

    @Test func getDeviceIsADumpByName() throws {
        let request = try WireGuardMessages.getDevice(.name("wg0"), familyID: 0x1B)
        #expect(request.encoded(sequence: 2) == hex("1c 00 00 00  1b 00  01 03  02 00 00 00  00 00 00 00  00 01 00 00  08 00 02 00 77 67 30 00"))
    }
}
