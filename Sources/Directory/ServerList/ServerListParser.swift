import Addressing
import Foundation
import VPNCore

/// Turns the bytes of a verified `servers.json` (schema 1, docs/architecture.md:
/// Contracts → The server list, schema 1) into a `ServerList`. Unknown
/// fields are ignored so providers can add to the format; anything present
/// but wrong is an error naming entry and field.
public enum ServerListParser {
    /// Lists larger than this are refused before parsing.
    public static let maximumSize = 32 << 20

    public static func parse(_ bytes: some Collection<UInt8>) throws(ServerListParseError) -> ServerList {
        guard bytes.count <= maximumSize else { throw .tooLarge(bytes: bytes.count, limit: maximumSize) }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw .notJSON(error)
        }
        return try parse(document)
    }

    static func parse(_ document: JSONValue) throws(ServerListParseError) -> ServerList {
        let root = try FieldReader(document, path: "")
        let schema = try root.required("schema")
        guard case .number(1) = schema else {
            throw .unsupportedSchema(schema.schemaDescription)
        }
        let generatedAt = try root.parsed("generated_at", as: "an RFC 3339 timestamp", maxLength: 40, RFC3339.parse)
        let expiresAt = try root.optionalParsed("expires_at", as: "an RFC 3339 timestamp", maxLength: 40, RFC3339.parse)

        let locationValues = try root.array("locations")
        var locations: [Location] = []
        locations.reserveCapacity(locationValues.count)
        for (index, value) in locationValues.enumerated() {
            locations.append(try location(value, index: index))
        }
        let serverValues = try root.array("servers")
        var servers: [Server] = []
        servers.reserveCapacity(serverValues.count)
        for (index, value) in serverValues.enumerated() {
            servers.append(try server(value, index: index))
        }
        do {
            return try ServerList(generatedAt: generatedAt, expiresAt: expiresAt, locations: locations, servers: servers)
        } catch {
            throw .inconsistent(error)
        }
    }

    private static func location(_ value: JSONValue, index: Int) throws(ServerListParseError) -> Location {
        var entry = try FieldReader(value, path: "locations[\(index)]")
        let id = try entry.parsed("id", as: "an id (letters, digits, '-', '_', '.')", maxLength: 64, LocationID.init(rawValue:))
        entry = FieldReader(named: entry, id: id.rawValue)
        let latitude = try entry.optionalDouble("latitude", in: -90...90)
        let longitude = try entry.optionalDouble("longitude", in: -180...180)
        return Location(
            id: id,
            countryCode: try entry.parsed("country_code", as: "a two-letter country code", maxLength: 2, CountryCode.init(rawValue:)),
            country: try entry.nonEmptyString("country"),
            city: try entry.nonEmptyString("city"),
            aliases: try entry.stringArray("aliases"),
            coordinate: latitude.flatMap { latitude in longitude.flatMap { Coordinate(latitude: latitude, longitude: $0) } }
        )
    }

    private static func server(_ value: JSONValue, index: Int) throws(ServerListParseError) -> Server {
        var entry = try FieldReader(value, path: "servers[\(index)]")
        let id = try entry.parsed("id", as: "an id (letters, digits, '-', '_', '.')", maxLength: 64, ServerID.init(rawValue:))
        entry = FieldReader(named: entry, id: id.rawValue)
        return Server(
            id: id,
            location: try entry.parsed("location", as: "a location id", maxLength: 64, LocationID.init(rawValue:)),
            hostname: try entry.parsed("hostname", as: "a host name", Hostname.init(rawValue:)),
            ipv4: try entry.parsed("ipv4", as: "an IPv4 address", maxLength: 15, IPv4Address.init),
            ipv6: try entry.optionalParsed("ipv6", as: "an IPv6 address", maxLength: 45, IPv6Address.init),
            tier: try entry.parsed("tier", as: "\"free\" or \"premium\"", maxLength: 16, Tier.init(rawValue:)),
            load: Load(rawValue: try entry.integer("load", in: 0...100))!,
            online: try entry.bool("online"),
            features: try entry.stringArray("features", maxLength: 32),
            probePort: try entry.optionalInteger("probe_port", in: 1...65535).map(UInt16.init),
            offers: try ProtocolBlocks.offers(of: entry),
            resolvers: try ProtocolBlocks.resolvers(of: entry)
        )
    }
}

extension FieldReader {
    /// The same object, with its id in the path: `servers[3] ("de-fra-001")`.
    init(named reader: FieldReader, id: String) {
        self.init(object: reader.object, path: "\(reader.path) (\"\(id)\")")
    }

    func nonEmptyString(_ key: String) throws(ServerListParseError) -> String {
        let text = try string(key)
        guard !text.allSatisfy(\.isWhitespace) else { throw fail(key, .invalid(expected: "a non-empty name")) }
        return text
    }
}

private extension JSONValue {
    var schemaDescription: String {
        if case let .number(number) = self { return FieldReader.render(number) }
        if case let .string(text) = self { return "\"\(text.prefix(20))\"" }
        return kindDescription
    }
}
