import ProbePackets

/// The UDP echo: a datagram that begins with the probe echo's magic ("VPNE") or the
/// MTU probe's ("VPNM") goes back to its sender unchanged, never a byte longer.
enum UDPEchoService {
    static func isEcho(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let magic = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        return magic == ProbeEchoPayload.magic || magic == MTUProbePayload.magic
    }
}
