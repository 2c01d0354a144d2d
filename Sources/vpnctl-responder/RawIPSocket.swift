#if canImport(Glibc)
import Glibc
#endif
import Addressing
import ProbePackets

/// A raw IPv4 socket for one IP protocol (GRE 47, ESP 50), bound to the responder's
/// address. The kernel hands over whole IP packets and adds the IP header to what
/// is sent, so receiving strips the header and sending gives the protocol's bytes.
struct RawIPSocket: Sendable {
    let descriptor: Int32
    let local: IPAddress
    let protocolNumber: Int32

    init(protocol number: Int32, binding local: IPAddress, name: String) throws(ResponderError) {
        descriptor = try BoundSocket.open(
            type: Int32(SOCK_RAW.rawValue), protocol: number, binding: TransportAddress(address: local, port: 0),
            what: "open a raw \(name) socket on \(local)"
        )
        self.local = local
        protocolNumber = number
    }

    /// The next packet's payload after its IP header, and its source; nil for anything
    /// that is not a well-formed IPv4 packet of this protocol to this address.
    func receive(into buffer: inout [UInt8]) -> (payload: [UInt8], source: IPAddress)? {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 20, buffer[0] >> 4 == 4 else { return nil }
        let headerLength = Int(buffer[0] & 0x0F) * 4
        guard headerLength >= 20, headerLength <= count, Int32(buffer[9]) == protocolNumber,
              Array(buffer[16..<20]) == local.bytes,
              let source = IPAddress(bytes: buffer[12..<16]) else { return nil }
        return (Array(buffer[headerLength..<count]), source)
    }

    func send(_ bytes: [UInt8], to peer: IPAddress) {
        var address = SocketAddress.make(TransportAddress(address: peer, port: 0))
        _ = SocketAddress.withGeneric(&address) { pointer, length in
            bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, pointer, length) }
        }
    }
}
