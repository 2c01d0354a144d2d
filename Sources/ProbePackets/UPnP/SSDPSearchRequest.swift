/// An SSDP M-SEARCH (UPnP Device Architecture 1.1 §1.3.2) looking for an Internet
/// Gateway Device, sent unicast to the gateway or multicast to 239.255.255.250:1900.
public struct SSDPSearchRequest: Sendable, Hashable {
    public static let multicastGroup = "239.255.255.250"
    public static let port: UInt16 = 1900
    public static let internetGatewayDevice = "urn:schemas-upnp-org:device:InternetGatewayDevice:1"

    /// The HOST header: the multicast group, or the gateway's address for a unicast search.
    public var host: String
    public var searchTarget: String
    /// Seconds devices may wait before answering; multicast only (unicast searches carry no MX).
    public var maximumWait: Int?

    public init(host: String, searchTarget: String = Self.internetGatewayDevice, maximumWait: Int?) {
        self.host = host
        self.searchTarget = searchTarget
        self.maximumWait = maximumWait
    }

    public static func multicast(maximumWait: Int = 2) -> Self {
        Self(host: multicastGroup, maximumWait: min(max(maximumWait, 1), 5))
    }

    public static func unicast(to gateway: String) -> Self {
        Self(host: gateway, maximumWait: nil)
    }

    public func encoded() -> [UInt8] {
        let hostHeader = host.contains(":") ? "[\(host)]:\(Self.port)" : "\(host):\(Self.port)"
        var lines = ["M-SEARCH * HTTP/1.1", "HOST: \(hostHeader)", "MAN: \"ssdp:discover\""]
        if let maximumWait { lines.append("MX: \(maximumWait)") }
        lines.append("ST: \(searchTarget)")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }
}
