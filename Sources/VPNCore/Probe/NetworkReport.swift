import Addressing
/// What the router in front of this machine lets through, toward one
/// server: the `vpnctl probe` report, and what the protocol policy plans
/// from. Built by RouterProbe; the core only reads it.
public struct NetworkReport: Sendable, Hashable {
    /// The default gateway of the namespace the probe ran in.
    public var gateway: IPv4Address?
    /// The gateway's link-layer address: with `gateway`, what names this network in the cache.
    public var gatewayMAC: String?
    /// The source address the probes went out from.
    public var localIPv4: IPv4Address?
    /// The server whose responder and services answered.
    public var server: ServerID
    public var nat: NATReport
    public var portMapping: PortMappingReport
    /// Every key of `PassthroughKey`, each with its verdict.
    public var passthrough: [PassthroughKey: ProbeVerdict]
    /// The largest packet that crossed to the server whole, if measured.
    public var pathMTU: Int?
    /// How long the whole probe took.
    public var elapsedMilliseconds: Double

    public init(
        gateway: IPv4Address?, gatewayMAC: String?, localIPv4: IPv4Address?, server: ServerID, nat: NATReport,
        portMapping: PortMappingReport, passthrough: [PassthroughKey: ProbeVerdict], pathMTU: Int?, elapsedMilliseconds: Double
    ) {
        self.gateway = gateway
        self.gatewayMAC = gatewayMAC
        self.localIPv4 = localIPv4
        self.server = server
        self.nat = nat
        self.portMapping = portMapping
        self.passthrough = passthrough
        self.pathMTU = pathMTU
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    /// A key the probe left out counts as not checked.
    public func verdict(_ key: PassthroughKey) -> ProbeVerdict {
        passthrough[key] ?? .notChecked(why: "not probed")
    }
}
