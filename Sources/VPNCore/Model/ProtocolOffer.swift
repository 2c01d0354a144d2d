/// One protocol a server offers: where it listens, and the protocol's own
/// parameters (keys, certificates, pre-shared keys) kept opaque for its plugin.
public struct ProtocolOffer: Sendable, Hashable, Codable {
    public var protocolName: ProtocolName
    public var transport: Transport
    public var ports: [UInt16]
    /// Validated at the edge that parsed them; the core only carries them.
    public var parameters: [String: String]

    public init(protocolName: ProtocolName, transport: Transport, ports: [UInt16], parameters: [String: String] = [:]) {
        self.protocolName = protocolName
        self.transport = transport
        self.ports = ports
        self.parameters = parameters
    }
}
