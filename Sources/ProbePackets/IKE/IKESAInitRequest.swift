import Addressing

/// An IKE_SA_INIT request (RFC 7296 §1.2, §3): header, SA with one proposal, KE,
/// Nonce and the two NAT_DETECTION notifies; over UDP 4500 preceded by the
/// 4-byte zero non-ESP marker (RFC 3948 §2.2).
public struct IKESAInitRequest: Sendable, Hashable {
    public var initiatorSPI: [UInt8]
    public var suite: IKEProposalSuite
    /// Throwaway key share of the group's length (see `IKEProposalSuite`); the probe never derives keys.
    public var keyExchangeData: [UInt8]
    public var nonce: [UInt8]
    /// Addresses hashed into NAT_DETECTION_SOURCE_IP / DESTINATION_IP (RFC 7296 §2.23).
    public var source: TransportAddress
    public var destination: TransportAddress

    public init(
        suite: IKEProposalSuite = .aesCBC128ModP2048, source: TransportAddress, destination: TransportAddress,
        using generator: inout some RandomNumberGenerator
    ) {
        var spi = generator.bytes(8)
        if spi.allSatisfy({ $0 == 0 }) { spi[7] = 1 }
        initiatorSPI = spi
        self.suite = suite
        keyExchangeData = suite.keyExchangeData(using: &generator)
        nonce = generator.bytes(32)
        self.source = source
        self.destination = destination
    }

    public init(suite: IKEProposalSuite = .aesCBC128ModP2048, source: TransportAddress, destination: TransportAddress) {
        var generator = SystemRandomNumberGenerator()
        self.init(suite: suite, source: source, destination: destination, using: &generator)
    }

    /// SHA-1(SPIi | SPIr | IP | port), the responder SPI being zero in IKE_SA_INIT.
    static func natDetectionHash(spi: [UInt8], _ address: TransportAddress) -> [UInt8] {
        SHA1.hash(spi + [UInt8](repeating: 0, count: 8) + address.address.bytes + [UInt8(address.port >> 8), UInt8(truncatingIfNeeded: address.port)])
    }

    /// For UDP 500, or with `nonESPMarker` for UDP 4500.
    public func encoded(nonESPMarker: Bool = false) -> [UInt8] {
        let payloads: [(IKEPayloadType, [UInt8])] = [
            (.securityAssociation, securityAssociation()),
            (.keyExchange, [UInt8(suite.dhGroup >> 8), UInt8(truncatingIfNeeded: suite.dhGroup), 0, 0] + keyExchangeData),
            (.nonce, nonce),
            (.notify, notify(.natDetectionSourceIP, Self.natDetectionHash(spi: initiatorSPI, source))),
            (.notify, notify(.natDetectionDestinationIP, Self.natDetectionHash(spi: initiatorSPI, destination))),
        ]
        var writer = PacketWriter()
        if nonESPMarker { writer.zeros(4) }
        let start = writer.count
        writer.append(initiatorSPI)
        writer.zeros(8)
        writer.u8(payloads[0].0.rawValue)
        writer.u8(IKE.version)
        writer.u8(IKE.exchangeSAInit)
        writer.u8(IKE.flagInitiator)
        writer.u32(0)
        writer.u32(0)
        for (index, payload) in payloads.enumerated() {
            writer.u8(index + 1 < payloads.count ? payloads[index + 1].0.rawValue : 0)
            writer.u8(0)
            writer.u16(UInt16(payload.1.count + 4))
            writer.append(payload.1)
        }
        writer.set32(UInt32(writer.count - start), at: start + 24)
        return writer.bytes
    }

    private func securityAssociation() -> [UInt8] {
        var transforms = PacketWriter()
        for (index, transform) in suite.transforms.enumerated() {
            transforms.u8(index + 1 < suite.transforms.count ? 3 : 0)
            transforms.u8(0)
            transforms.u16(transform.keyLength == nil ? 8 : 12)
            transforms.u8(transform.type)
            transforms.u8(0)
            transforms.u16(transform.id)
            if let keyLength = transform.keyLength {
                transforms.u16(0x800E) // TV-format attribute 14, Key Length
                transforms.u16(keyLength)
            }
        }
        var proposal = PacketWriter()
        proposal.u8(0) // last proposal
        proposal.u8(0)
        proposal.u16(UInt16(8 + transforms.count))
        proposal.u8(1) // proposal number
        proposal.u8(1) // protocol: IKE
        proposal.u8(0) // no SPI in an initial exchange
        proposal.u8(UInt8(suite.transforms.count))
        proposal.append(transforms.bytes)
        return proposal.bytes
    }

    private func notify(_ type: IKENotifyType, _ data: [UInt8]) -> [UInt8] {
        [0, 0, UInt8(type.rawValue >> 8), UInt8(truncatingIfNeeded: type.rawValue)] + data
    }
}
