/// What a gateway said to a PCP request: a PCP response, or a NAT-PMP (version 0)
/// packet, which is how a NAT-PMP-only gateway says "unsupported version" (RFC 6887 §9).
public enum PCPReply: Sendable, Hashable {
    case pcp(PCPResponse)
    case natPMP(NATPMPResponse)

    public init(parsing bytes: [UInt8]) throws(PacketError) {
        guard let version = bytes.first else {
            throw .truncated(.pcp, field: "version", needed: 1, available: 0)
        }
        if version == 0 {
            self = .natPMP(try NATPMPResponse(parsing: bytes))
        } else {
            var reader = PacketReader(bytes, kind: .pcp)
            self = .pcp(try PCPResponse(reader: &reader, total: bytes.count))
        }
    }
}
