import Foundation
import VPNCore

/// A compact binary copy of a verified list, written into the cache beside
/// the signed JSON. Listing commands read it instead of parsing megabytes of
/// JSON. It leaves out the protocols' parameters (keys, certificates, PSKs):
/// a list decoded from it is for showing and choosing; connecting reads the
/// signed JSON.
enum ListingIndex {
    static let version: UInt8 = 1

    static func encode(_ list: ServerList) -> [UInt8] {
        var writer = BinaryWriter()
        writer.u8(version)
        writer.f64(list.generatedAt.timeIntervalSince1970)
        writer.f64(list.expiresAt?.timeIntervalSince1970 ?? .nan)
        writer.u32(UInt32(list.locations.count))
        var locationNumbers: [LocationID: UInt32] = [:]
        for (number, location) in list.locations.enumerated() {
            locationNumbers[location.id] = UInt32(number)
            writer.string(location.id.rawValue)
            writer.string(location.countryCode.rawValue)
            writer.string(location.country)
            writer.string(location.city)
            writer.u8(UInt8(location.aliases.count))
            location.aliases.forEach { writer.string($0) }
            writer.f64(location.coordinate?.latitude ?? .nan)
            writer.f64(location.coordinate?.longitude ?? .nan)
        }
        writer.u32(UInt32(list.servers.count))
        for server in list.servers {
            writer.string(server.id.rawValue)
            writer.u32(locationNumbers[server.location]!)
            writer.string(server.hostname.rawValue)
            writer.u32(server.ipv4.value)
            writer.string(server.ipv6?.description ?? "")
            writer.u8(server.tier == .premium ? 1 : 0)
            writer.u8(UInt8(server.load.rawValue))
            writer.u8(server.online ? 1 : 0)
            writer.u16(server.probePort ?? 0)
            writer.u8(UInt8(server.features.count))
            server.features.forEach { writer.string($0) }
            writer.u8(UInt8(server.offers.count))
            for offer in server.offers {
                writer.string(offer.protocolName.rawValue)
                writer.u8(offer.transport == .tcp ? 1 : 0)
                writer.u8(UInt8(offer.ports.count))
                offer.ports.forEach { writer.u16($0) }
            }
        }
        return writer.bytes
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(ListingIndexError) -> ServerList {
        var reader = BinaryReader(bytes)
        do {
            guard try reader.u8() == version else { throw ListingIndexError("unknown index version") }
            let generatedAt = Date(timeIntervalSince1970: try reader.f64())
            let expires = try reader.f64()
            let locationCount = Int(try reader.u32())
            guard locationCount <= bytes.count else { throw ListingIndexError("bad location count") }
            var locations: [Location] = []
            locations.reserveCapacity(locationCount)
            for _ in 0..<locationCount {
                guard let id = LocationID(rawValue: try reader.string()),
                      let countryCode = CountryCode(rawValue: try reader.string())
                else { throw ListingIndexError("bad location") }
                let country = try reader.string()
                let city = try reader.string()
                var aliases: [String] = []
                for _ in 0..<(try reader.u8()) { aliases.append(try reader.string()) }
                let latitude = try reader.f64(), longitude = try reader.f64()
                locations.append(Location(
                    id: id, countryCode: countryCode, country: country, city: city, aliases: aliases,
                    coordinate: Coordinate(latitude: latitude, longitude: longitude)
                ))
            }
            let serverCount = Int(try reader.u32())
            guard serverCount <= bytes.count else { throw ListingIndexError("bad server count") }
            var servers: [Server] = []
            servers.reserveCapacity(serverCount)
            for _ in 0..<serverCount {
                guard let id = ServerID(rawValue: try reader.string()) else { throw ListingIndexError("bad server id") }
                let locationNumber = Int(try reader.u32())
                guard locationNumber < locations.count, let hostname = Hostname(rawValue: try reader.string()) else {
                    throw ListingIndexError("bad server \(id)")
                }
                let ipv4 = IPv4Address(try reader.u32())
                let ipv6Text = try reader.string()
                let tier: Tier = try reader.u8() == 1 ? .premium : .free
                guard let load = Load(rawValue: Int(try reader.u8())) else { throw ListingIndexError("bad load") }
                let online = try reader.u8() == 1
                let probePort = try reader.u16()
                var features: [String] = []
                for _ in 0..<(try reader.u8()) { features.append(try reader.string()) }
                var offers: [ProtocolOffer] = []
                for _ in 0..<(try reader.u8()) {
                    guard let name = ProtocolName(rawValue: try reader.string()) else { throw ListingIndexError("bad protocol") }
                    let transport: Transport = try reader.u8() == 1 ? .tcp : .udp
                    var ports: [UInt16] = []
                    for _ in 0..<(try reader.u8()) { ports.append(try reader.u16()) }
                    offers.append(ProtocolOffer(protocolName: name, transport: transport, ports: ports))
                }
                servers.append(Server(
                    id: id, location: locations[locationNumber].id, hostname: hostname, ipv4: ipv4,
                    ipv6: ipv6Text.isEmpty ? nil : IPv6Address(ipv6Text), tier: tier, load: load, online: online,
                    features: features, probePort: probePort == 0 ? nil : probePort, offers: offers
                ))
            }
            guard reader.isAtEnd else { throw ListingIndexError("trailing bytes") }
            return try ServerList(
                generatedAt: generatedAt, expiresAt: expires.isNaN ? nil : Date(timeIntervalSince1970: expires),
                locations: locations, servers: servers
            )
        } catch is BinaryReader.Truncated {
            throw ListingIndexError("truncated")
        } catch let error as ListingIndexError {
            throw error
        } catch {
            throw ListingIndexError("\(error)")
        }
    }
}

struct ListingIndexError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
