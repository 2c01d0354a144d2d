import Addressing
import Foundation
import VPNCore

/// A small server list with the awkward cases in it: accented names, two
/// Portlands, prefixes shared by two cities, a premium-only location, a
/// location whose servers are all offline.
///
/// Free locations: au-ptl, cl-scl, de-fra, nl-ams, se-mma.
/// Frankfurt's online free servers load 12, 15, 21 and 23 (so with the default
/// band of 10 the near-best are 001, 002, 003), plus an offline one at 3 and a
/// premium one at 5.
enum Fixture {
    static let wireguard = ProtocolOffer(protocolName: .wireguard, transport: .udp, ports: [51820])
    static let openvpnUDP = ProtocolOffer(protocolName: .openvpnUDP, transport: .udp, ports: [1194])
    static let openvpnTCP = ProtocolOffer(protocolName: .openvpnTCP, transport: .tcp, ports: [443])
    static let l2tp = ProtocolOffer(protocolName: .l2tpIPsec, transport: .udp, ports: [500, 4500, 1701])

    static let locations: [Location] = [
        location("ch-zrh", "CH", "Switzerland", "Zürich"),
        location("br-sao", "BR", "Brazil", "São Paulo"),
        location("se-mma", "SE", "Sweden", "Malmö"),
        location("de-cgn", "DE", "Germany", "Köln"),
        location("de-fra", "DE", "Germany", "Frankfurt", aliases: ["fra"]),
        location("nl-ams", "NL", "Netherlands", "Amsterdam"),
        location("us-nyc", "US", "USA", "New York", aliases: ["nyc", "big-apple"]),
        location("us-pdx", "US", "USA", "Portland"),
        location("au-ptl", "AU", "Australia", "Portland"),
        location("us-sjc", "US", "USA", "San Jose"),
        location("cl-scl", "CL", "Chile", "Santiago"),
    ]

    static let servers: [Server] = [
        server("de-fra-001", "203.0.113.11", .free, load: 12, offers: [wireguard, openvpnUDP, openvpnTCP]),
        server("de-fra-002", "203.0.113.12", .free, load: 15, offers: [wireguard, openvpnUDP]),
        server("de-fra-003", "203.0.113.13", .free, load: 21, offers: [wireguard]),
        server("de-fra-004", "203.0.113.14", .free, load: 23, offers: [wireguard, openvpnTCP]),
        server("de-fra-005", "203.0.113.15", .free, load: 3, online: false, offers: [wireguard]),
        server("de-fra-101", "203.0.113.16", .premium, load: 5, offers: [wireguard, openvpnUDP, openvpnTCP, l2tp]),
        server("de-cgn-101", "203.0.113.21", .premium, load: 40, offers: [wireguard]),
        server("nl-ams-001", "198.51.100.11", .free, load: 50, offers: [wireguard, openvpnUDP]),
        server("nl-ams-002", "198.51.100.12", .free, load: 60, online: false, offers: [wireguard]),
        server("nl-ams-101", "198.51.100.13", .premium, load: 10, offers: [wireguard, openvpnUDP, openvpnTCP]),
        server("us-nyc-101", "198.51.100.21", .premium, load: 30, offers: [wireguard, openvpnUDP, openvpnTCP, l2tp]),
        server("us-nyc-102", "198.51.100.22", .premium, load: 35, offers: [wireguard]),
        server("us-pdx-101", "198.51.100.31", .premium, load: 20, offers: [wireguard]),
        server("us-sjc-101", "198.51.100.41", .premium, load: 25, offers: [wireguard]),
        server("au-ptl-001", "192.0.2.11", .free, load: 70, offers: [openvpnUDP, openvpnTCP]),
        server("cl-scl-001", "192.0.2.21", .free, load: 80, offers: [wireguard]),
        server("ch-zrh-101", "192.0.2.31", .premium, load: 45, offers: [wireguard]),
        server("br-sao-101", "192.0.2.41", .premium, load: 55, offers: [wireguard]),
        server("se-mma-001", "192.0.2.51", .free, load: 5, online: false, offers: [wireguard]),
        server("se-mma-002", "192.0.2.52", .free, load: 9, online: false, offers: [wireguard]),
    ]

    static let list: ServerList = try! ServerList(
        generatedAt: Date(timeIntervalSince1970: 1_750_000_000), locations: locations, servers: servers
    )

    static let freeLocationIDs = ["au-ptl", "cl-scl", "de-fra", "nl-ams", "se-mma"]

    static func location(_ id: String) -> Location {
        list.location(LocationID(rawValue: id)!)!
    }

    static func server(_ id: String) -> Server {
        list.server(ServerID(rawValue: id)!)!
    }

    private static func location(_ id: String, _ code: String, _ country: String, _ city: String, aliases: [String] = []) -> Location {
        Location(id: LocationID(rawValue: id)!, countryCode: CountryCode(rawValue: code)!, country: country, city: city, aliases: aliases)
    }

    /// The location is the id up to its last dash.
    private static func server(
        _ id: String, _ ipv4: String, _ tier: Tier, load: Int, online: Bool = true, offers: [ProtocolOffer]
    ) -> Server {
        Server(
            id: ServerID(rawValue: id)!,
            location: LocationID(rawValue: String(id[..<id.lastIndex(of: "-")!]))!,
            hostname: Hostname(rawValue: "\(id).example.net")!,
            ipv4: IPv4Address(ipv4)!,
            tier: tier,
            load: Load(rawValue: load)!,
            online: online,
            offers: offers
        )
    }
}

extension Array where Element == Server {
    var ids: [String] { map(\.id.rawValue) }
}

extension Array where Element == Location {
    var ids: [String] { map(\.id.rawValue) }
}
