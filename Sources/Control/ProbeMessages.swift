/// `vpnctl probe`: which server's responder to ask, and whether a cached
/// report for this network will do.
public struct ProbeRequest: Sendable, Hashable, Codable {
    /// As `connect` takes it; nil means the account's best server anywhere.
    public var location: String?
    /// Ignore the cached report for this network.
    public var fresh: Bool

    public init(location: String? = nil, fresh: Bool = false) {
        self.location = location
        self.fresh = fresh
    }
}

/// The `probe --json` contract (docs/architecture.md, Contracts → JSON
/// output): what the router lets through, and the protocols that will
/// work, in order, each with its reason.
public struct ProbeReport: Sendable, Hashable, Codable {
    public struct NAT: Sendable, Hashable, Codable {
        public var present: Bool?
        public var externalIPv4: String?
        public var mappingVariesByDestination: Bool?
        public var doubleNAT: Bool?

        public init(present: Bool?, externalIPv4: String?, mappingVariesByDestination: Bool?, doubleNAT: Bool?) {
            self.present = present
            self.externalIPv4 = externalIPv4
            self.mappingVariesByDestination = mappingVariesByDestination
            self.doubleNAT = doubleNAT
        }

        enum CodingKeys: String, CodingKey {
            case present
            case externalIPv4 = "external_ipv4"
            case mappingVariesByDestination = "mapping_varies_by_destination"
            case doubleNAT = "double_nat"
        }
    }

    public struct PortMapping: Sendable, Hashable, Codable {
        public var upnp: String
        public var natPMP: String
        public var pcp: String

        public init(upnp: String, natPMP: String, pcp: String) {
            self.upnp = upnp
            self.natPMP = natPMP
            self.pcp = pcp
        }

        enum CodingKeys: String, CodingKey {
            case upnp
            case natPMP = "nat_pmp"
            case pcp
        }
    }

    public struct Recommendation: Sendable, Hashable, Codable {
        public var protocolName: String
        public var reason: String

        public init(protocolName: String, reason: String) {
            self.protocolName = protocolName
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case protocolName = "protocol"
            case reason
        }
    }

    public var gateway: String?
    public var server: String
    public var nat: NAT
    public var portMapping: PortMapping
    /// Passthrough key → `pass`, `blocked` or `not_checked`.
    public var passthrough: [String: String]
    /// Passthrough key (and `upnp`, `nat_pmp`, `pcp`) → what was seen.
    public var evidence: [String: String]
    public var mtu: Int?
    public var recommended: [Recommendation]
    /// Protocols that will not work here, or cannot run, and why.
    public var skipped: [Recommendation]
    public var elapsedMilliseconds: Double
    /// The report was this network's cached one, not a fresh probe.
    public var cached: Bool

    public init(
        gateway: String?, server: String, nat: NAT, portMapping: PortMapping, passthrough: [String: String],
        evidence: [String: String], mtu: Int?, recommended: [Recommendation], skipped: [Recommendation],
        elapsedMilliseconds: Double, cached: Bool
    ) {
        self.gateway = gateway
        self.server = server
        self.nat = nat
        self.portMapping = portMapping
        self.passthrough = passthrough
        self.evidence = evidence
        self.mtu = mtu
        self.recommended = recommended
        self.skipped = skipped
        self.elapsedMilliseconds = elapsedMilliseconds
        self.cached = cached
    }

    enum CodingKeys: String, CodingKey {
        case gateway, server, nat, passthrough, evidence, mtu, recommended, skipped, cached
        case portMapping = "port_mapping"
        case elapsedMilliseconds = "elapsed_ms"
    }
}

/// One protocol tried for a connection: `connected`, `failed` (with the
/// error) or `connecting`.
public struct AttemptReport: Sendable, Hashable, Codable {
    public var protocolName: String
    public var outcome: String
    /// Why it was tried, or why it failed.
    public var detail: String

    public init(protocolName: String, outcome: String, detail: String) {
        self.protocolName = protocolName
        self.outcome = outcome
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case protocolName = "protocol"
        case outcome, detail
    }
}

/// A protocol left out of the plan, and why.
public typealias SkippedReport = ProbeReport.Recommendation
