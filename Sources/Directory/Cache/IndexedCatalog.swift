import Addressing
import Crypto
import Foundation
import VPNCore

/// A `ServerCatalog` answered from a listing index (see `ListingIndex`):
/// locations are decoded when it is opened, servers only when asked for.
///
/// The index's checksum is verified on opening, so a damaged cache file is an
/// error there rather than a surprise later.
public struct IndexedCatalog: ServerCatalog {
    private struct Place: Sendable {
        let tier: Tier
        let firstServer: Int
        let serverCount: Int
    }

    public let generatedAt: Date
    public let expiresAt: Date?
    public let locations: [Location]
    /// Built once: the daemon keeps this catalog for as long as the cache
    /// file is the same, and answers every listing from it.
    public let locationIndex: LocationIndex
    private let places: [Place]
    private let locationNumbers: [LocationID: Int]
    private let bytes: [UInt8]
    private let serverCount: Int
    private let offsetTable: Int
    private let idTable: Int
    private let recordsStart: Int

    init(bytes: [UInt8]) throws(ListingIndexError) {
        let magic = ListingIndex.magic
        let payloadStart = magic.count + 32
        guard bytes.count >= payloadStart, bytes.starts(with: magic) else { throw ListingIndexError("not a listing index") }
        guard Array(SHA256.hash(data: bytes[payloadStart...])).elementsEqual(bytes[magic.count..<payloadStart]) else {
            throw ListingIndexError("checksum mismatch")
        }
        self.bytes = bytes
        let layout: (Date, Date?, [Location], [Place], Int, Int) = try bytes.withUnsafeBufferPointer { buffer throws(ListingIndexError) in
            var reader = BinaryReader(buffer)
            do {
                _ = try reader.skip(payloadStart)
                let generated = Date(timeIntervalSince1970: try reader.f64())
                let expires = try reader.f64()
                let count = Int(try reader.u32())
                guard count <= buffer.count else { throw ListingIndexError("bad location count") }
                var locations: [Location] = []
                var places: [Place] = []
                locations.reserveCapacity(count)
                for _ in 0..<count {
                    guard let id = LocationID(rawValue: try reader.string()),
                          let code = CountryCode(rawValue: try reader.string())
                    else { throw ListingIndexError("bad location") }
                    let country = try reader.string(), city = try reader.string()
                    var aliases: [String] = []
                    for _ in 0..<(try reader.u8()) { aliases.append(try reader.string()) }
                    let latitude = try reader.f64(), longitude = try reader.f64()
                    locations.append(Location(
                        id: id, countryCode: code, country: country, city: city, aliases: aliases,
                        coordinate: Coordinate(latitude: latitude, longitude: longitude)
                    ))
                    let tier: Tier = try reader.u8() == 0 ? .free : .premium
                    places.append(Place(tier: tier, firstServer: Int(try reader.u32()), serverCount: Int(try reader.u32())))
                }
                return (generated, expires.isNaN ? nil : Date(timeIntervalSince1970: expires), locations, places, reader.position, 0)
            } catch is BinaryReader.Truncated {
                throw ListingIndexError("truncated")
            } catch let error as ListingIndexError {
                throw error
            } catch {
                throw ListingIndexError("\(error)")
            }
        }
        (generatedAt, expiresAt, locations, places, _, _) = layout
        let serverCountAt = layout.4
        guard serverCountAt + 4 <= bytes.count else { throw ListingIndexError("truncated") }
        let count = Int(Self.u32(bytes, at: serverCountAt))
        guard count <= bytes.count, serverCountAt + 4 + 8 * count <= bytes.count,
              layout.3.allSatisfy({ $0.firstServer + $0.serverCount <= count })
        else { throw ListingIndexError("bad server tables") }
        serverCount = count
        offsetTable = serverCountAt + 4
        idTable = offsetTable + 4 * count
        recordsStart = idTable + 4 * count
        locationNumbers = Dictionary(locations.enumerated().map { ($0.element.id, $0.offset) }) { first, _ in first }
        locationIndex = LocationIndex(locations)
    }

    public var servers: [Server] {
        (0..<serverCount).compactMap(record)
    }

    public func location(_ id: LocationID) -> Location? {
        locationNumbers[id].map { locations[$0] }
    }

    public func servers(in location: LocationID) -> [Server] {
        guard let number = locationNumbers[location] else { return [] }
        let place = places[number]
        return (place.firstServer..<(place.firstServer + place.serverCount)).compactMap(record)
    }

    public func tier(of location: LocationID) -> Tier {
        locationNumbers[location].map { places[$0].tier } ?? .premium
    }

    /// Binary search of the id table.
    public func server(_ id: ServerID) -> Server? {
        let wanted = Array(id.rawValue.utf8)
        var low = 0, high = serverCount
        while low < high {
            let middle = (low + high) / 2
            let number = Int(Self.u32(bytes, at: idTable + 4 * middle))
            guard let candidate = recordID(number) else { return nil }
            if candidate.elementsEqual(wanted) { return record(number) }
            if candidate.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    // MARK: Records

    private func recordStart(_ number: Int) -> Int? {
        guard number < serverCount else { return nil }
        let start = recordsStart + Int(Self.u32(bytes, at: offsetTable + 4 * number))
        return start < bytes.count ? start : nil
    }

    private func recordID(_ number: Int) -> ArraySlice<UInt8>? {
        guard let start = recordStart(number), start + 2 <= bytes.count else { return nil }
        let length = Int(bytes[start]) | Int(bytes[start + 1]) << 8
        guard start + 2 + length <= bytes.count else { return nil }
        return bytes[(start + 2)..<(start + 2 + length)]
    }

    /// Nil only for a record the checksum vouched for but that does not decode,
    /// which would be a bug in the writer; the server is then left out.
    private func record(_ number: Int) -> Server? {
        guard let start = recordStart(number) else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = BinaryReader(UnsafeBufferPointer(rebasing: buffer[start...]))
            return try? decodeServer(&reader)
        }
    }

    private func decodeServer(_ reader: inout BinaryReader) throws -> Server? {
        guard let id = ServerID(rawValue: try reader.string()) else { return nil }
        let locationNumber = Int(try reader.u32())
        guard locationNumber < locations.count, let hostname = Hostname(rawValue: try reader.string()) else { return nil }
        let ipv4 = IPv4Address(try reader.u32())
        let ipv6Text = try reader.string()
        let tier: Tier = try reader.u8() == 1 ? .premium : .free
        guard let load = Load(rawValue: Int(try reader.u8())) else { return nil }
        let online = try reader.u8() == 1
        let probePort = try reader.u16()
        var features: [String] = []
        for _ in 0..<(try reader.u8()) { features.append(try reader.string()) }
        var offers: [ProtocolOffer] = []
        for _ in 0..<(try reader.u8()) {
            guard let name = ProtocolName(rawValue: try reader.string()) else { return nil }
            let transport: Transport = try reader.u8() == 1 ? .tcp : .udp
            var ports: [UInt16] = []
            for _ in 0..<(try reader.u8()) { ports.append(try reader.u16()) }
            offers.append(ProtocolOffer(protocolName: name, transport: transport, ports: ports))
        }
        return Server(
            id: id, location: locations[locationNumber].id, hostname: hostname, ipv4: ipv4,
            ipv6: ipv6Text.isEmpty ? nil : IPv6Address(ipv6Text), tier: tier, load: load, online: online,
            features: features, probePort: probePort == 0 ? nil : probePort, offers: offers
        )
    }

    private static func u32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return UInt32.max }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << UInt32($1 * 8) }
    }
}
