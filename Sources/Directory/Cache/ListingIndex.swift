import Crypto
import Foundation
import VPNCore

/// A compact binary copy of a verified list, written into the cache beside
/// the signed JSON so that listing never parses megabytes of JSON.
///
/// Servers are grouped by location and found through offset tables, so a
/// query decodes only the servers it shows. The index leaves out protocol
/// parameters (keys, certificates, PSKs): it is for showing and choosing;
/// connecting reads the signed JSON.
///
///     "vpnctl-listing-index 2\n"  SHA-256 of the rest (32 bytes)
///     f64 generated_at, f64 expires_at (NaN: none)
///     u32 location count, then per location: id, country code, country, city,
///         aliases, latitude, longitude, tier, first server, server count
///     u32 server count, u32 record offset × count (grouped by location),
///         u32 server number × count (sorted by id), then the records
enum ListingIndex {
    static let magic = Array("vpnctl-listing-index 2\n".utf8)

    static func encode(_ list: ServerList) -> [UInt8] {
        var groups: [LocationID: [Server]] = [:]
        for server in list.servers { groups[server.location, default: []].append(server) }

        var body = BinaryWriter()
        body.f64(list.generatedAt.timeIntervalSince1970)
        body.f64(list.expiresAt?.timeIntervalSince1970 ?? .nan)
        body.u32(UInt32(list.locations.count))
        var grouped: [Server] = []
        grouped.reserveCapacity(list.servers.count)
        for location in list.locations {
            let servers = groups[location.id] ?? []
            body.string(location.id.rawValue)
            body.string(location.countryCode.rawValue)
            body.string(location.country)
            body.string(location.city)
            body.u8(UInt8(location.aliases.count))
            location.aliases.forEach { body.string($0) }
            body.f64(location.coordinate?.latitude ?? .nan)
            body.f64(location.coordinate?.longitude ?? .nan)
            body.u8(list.tier(of: location.id) == .free ? 0 : 1)
            body.u32(UInt32(grouped.count))
            body.u32(UInt32(servers.count))
            grouped += servers
        }

        var locationNumbers: [LocationID: UInt32] = [:]
        for (number, location) in list.locations.enumerated() { locationNumbers[location.id] = UInt32(number) }
        var records = BinaryWriter()
        var offsets: [UInt32] = []
        offsets.reserveCapacity(grouped.count)
        for server in grouped {
            offsets.append(UInt32(records.bytes.count))
            encode(server, location: locationNumbers[server.location]!, into: &records)
        }
        let byID = grouped.indices.sorted { grouped[$0].id.rawValue.utf8.lexicographicallyPrecedes(grouped[$1].id.rawValue.utf8) }

        body.u32(UInt32(grouped.count))
        offsets.forEach { body.u32($0) }
        byID.forEach { body.u32(UInt32($0)) }
        let payload = body.bytes + records.bytes
        return magic + Array(SHA256.hash(data: payload)) + payload
    }

    private static func encode(_ server: Server, location: UInt32, into writer: inout BinaryWriter) {
        writer.string(server.id.rawValue)
        writer.u32(location)
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
}

struct ListingIndexError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
