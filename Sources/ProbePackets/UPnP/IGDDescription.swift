/// What the probe needs from an Internet Gateway Device's description XML: the
/// WAN connection service and where to send it SOAP requests (UPnP IGD 1/2).
public struct IGDDescription: Sendable, Hashable {
    /// e.g. urn:schemas-upnp-org:service:WANIPConnection:1
    public var serviceType: String
    /// The controlURL, resolved against URLBase or the description's own URL.
    public var controlURL: HTTPURL
    public var friendlyName: String?

    /// Services in order of preference: an IP connection before a PPP one.
    static let wanServices = ["wanipconnection:2", "wanipconnection:1", "wanpppconnection:1"]

    public init(parsing bytes: [UInt8], location: HTTPURL) throws(PacketError) {
        let scanner = XMLScanner(bytes)
        let services = scanner.elements(named: "service").compactMap { range -> (type: String, control: String)? in
            guard let type = scanner.text(of: "serviceType", in: range), let control = scanner.text(of: "controlURL", in: range) else { return nil }
            return (type, control)
        }
        let match = Self.wanServices.lazy.compactMap { wanted in
            services.first { $0.type.lowercased().hasSuffix(wanted) }
        }.first
        guard let match else {
            throw .missing(.upnp, field: "a WANIPConnection or WANPPPConnection service (found \(services.count) services)")
        }
        // UDA 1.0 descriptions may name a URLBase that relative URLs resolve against; 1.1 dropped it.
        var base = location
        if let urlBase = scanner.text(of: "URLBase"), !urlBase.isEmpty { base = try HTTPURL(parsing: urlBase, kind: .upnp) }
        serviceType = match.type
        controlURL = try base.resolving(match.control, kind: .upnp)
        friendlyName = scanner.text(of: "friendlyName")
    }
}
