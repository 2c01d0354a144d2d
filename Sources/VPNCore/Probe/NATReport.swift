import Addressing
/// What STUN and the router's port-mapping services said about address
/// translation. Nil means the probe could not tell (no STUN answer).
public struct NATReport: Sendable, Hashable {
    /// The address the server saw differs from this machine's own.
    public var present: Bool?
    /// The address the server saw.
    public var externalIPv4: IPv4Address?
    /// Two destinations saw two different mappings ("hard" NAT): peer-to-peer
    /// and some UDP protocols suffer.
    public var mappingVariesByDestination: Bool?
    /// The router's own external address (NAT-PMP, PCP or UPnP) is not what
    /// the server saw: another NAT lies beyond it.
    public var doubleNAT: Bool?

    public init(present: Bool? = nil, externalIPv4: IPv4Address? = nil, mappingVariesByDestination: Bool? = nil, doubleNAT: Bool? = nil) {
        self.present = present
        self.externalIPv4 = externalIPv4
        self.mappingVariesByDestination = mappingVariesByDestination
        self.doubleNAT = doubleNAT
    }
}

/// Which port-mapping services the gateway answers, with the external
/// address each reported.
public struct PortMappingReport: Sendable, Hashable {
    public var upnp: ProbeVerdict
    public var natPMP: ProbeVerdict
    public var pcp: ProbeVerdict
    /// The external address the gateway claims (NAT-PMP, else PCP, else UPnP).
    public var gatewayExternalIPv4: IPv4Address?

    public init(upnp: ProbeVerdict, natPMP: ProbeVerdict, pcp: ProbeVerdict, gatewayExternalIPv4: IPv4Address? = nil) {
        self.upnp = upnp
        self.natPMP = natPMP
        self.pcp = pcp
        self.gatewayExternalIPv4 = gatewayExternalIPv4
    }
}
