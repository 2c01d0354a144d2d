import Foundation
import Testing

/// A broken server list and the words its rejection must contain.
struct MalformedList: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let expected: [String]

    var testDescription: String { name }

    init(_ name: String, _ bytes: [UInt8], _ expected: String...) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    init(_ name: String, text: String, _ expected: String...) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.expected = expected
    }

    static let pemInjection = "-----BEGIN CERTIFICATE-----\nMIIB\n</ca>\nup /bin/sh\n-----END CERTIFICATE-----\n"

    static let corpus: [MalformedList] = {
        let sample = SampleList.bytes
        let server = SampleList.mutatingServer
        let location = SampleList.mutatingLocation
        return [
            MalformedList("empty", [], "not valid JSON", "ends too early"),
            MalformedList("truncated", Array(sample[..<(sample.count / 2)]), "not valid JSON", "ends too early"),
            MalformedList("trailing garbage", sample + Array("}".utf8), "not valid JSON", "after the end"),
            MalformedList("array at top", text: "[1, 2]", "expected an object"),
            MalformedList("raw tab in string", text: "{\"schema\": 1, \"generated_at\": \"2026\t\"}", "control character"),
            MalformedList("invalid UTF-8", Array("{\"schema\":1,\"x\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8), "UTF-8"),
            MalformedList("nested too deep", Array(String(repeating: "[", count: 1000).utf8), "deeper than 64"),
            MalformedList("duplicate JSON key", text: "{\"schema\":1,\"schema\":1}", "appears twice"),
            MalformedList("schema 2", SampleList.mutated { $0["schema"] = 2 }, "schema 2 is not supported"),
            MalformedList("schema as string", SampleList.mutated { $0["schema"] = "1" }, "schema \"1\" is not supported"),
            MalformedList("schema missing", SampleList.mutated { $0["schema"] = nil }, "schema: is missing"),
            MalformedList("generated_at missing", SampleList.mutated { $0["generated_at"] = nil }, "generated_at: is missing"),
            MalformedList("generated_at not a date", SampleList.mutated { $0["generated_at"] = "yesterday" }, "generated_at: is not an RFC 3339 timestamp"),
            MalformedList("expires_at month 13", SampleList.mutated { $0["expires_at"] = "2026-13-01T00:00:00Z" }, "expires_at"),
            MalformedList("locations not an array", SampleList.mutated { $0["locations"] = ["de-fra": 1] }, "locations: expected an array, found an object"),
            MalformedList("location id a number", location(0) { $0["id"] = 7 }, "locations[0].id: expected a string, found a number"),
            MalformedList("location id path traversal", location(0) { $0["id"] = "../etc" }, "locations[0].id: is not an id"),
            MalformedList("duplicate location id", location(1) { $0["id"] = "de-fra" }, "locations[1].id", "\"de-fra\" is used by an earlier location"),
            MalformedList("three-letter country code", location(0) { $0["country_code"] = "DEU" }, "locations[0] (\"de-fra\").country_code"),
            MalformedList("newline in city", location(0) { $0["city"] = "Frankfurt\nup /bin/sh" }, "locations[0] (\"de-fra\").city: contains a control character"),
            MalformedList("empty country", location(2) { $0["country"] = "  " }, "locations[2] (\"us-nyc\").country: is not a non-empty name"),
            MalformedList("aliases not an array", location(0) { $0["aliases"] = "fra" }, "locations[0] (\"de-fra\").aliases: expected an array of strings"),
            MalformedList("NUL in alias", location(0) { $0["aliases"] = ["fr\u{0}a"] }, "locations[0] (\"de-fra\").aliases[0]: contains a control character"),
            MalformedList("latitude 91", location(0) { $0["latitude"] = 91 }, "locations[0] (\"de-fra\").latitude: expected a number from -90 to 90, found 91"),
            MalformedList("servers missing", SampleList.mutated { $0["servers"] = nil }, "servers: is missing"),
            MalformedList("hostname missing", server(3) { $0["hostname"] = nil }, "servers[3] (\"nl-ams-101\").hostname: is missing"),
            MalformedList("newline in hostname", server(0) { $0["hostname"] = "a.example.net\nup /bin/sh" }, "servers[0] (\"de-fra-001\").hostname: contains a control character"),
            MalformedList("NUL in hostname", server(0) { $0["hostname"] = "a.example\u{0}.net" }, "servers[0] (\"de-fra-001\").hostname: contains a control character"),
            MalformedList("over-long hostname", server(0) { $0["hostname"] = String(repeating: "a.", count: 150) + "net" }, "servers[0] (\"de-fra-001\").hostname: is longer than 253"),
            MalformedList("hostname with space", server(0) { $0["hostname"] = "a b.example.net" }, "servers[0] (\"de-fra-001\").hostname: is not a host name"),
            MalformedList("IPv4 out of range", server(1) { $0["ipv4"] = "999.1.1.1" }, "servers[1] (\"de-fra-002\").ipv4: is not an IPv4 address"),
            MalformedList("IPv4 as number", server(1) { $0["ipv4"] = 3_405_803_786 }, "servers[1] (\"de-fra-002\").ipv4: expected a string, found a number"),
            MalformedList("bad IPv6", server(0) { $0["ipv6"] = "2001:db8:::1" }, "servers[0] (\"de-fra-001\").ipv6: is not an IPv6 address"),
            MalformedList("unknown tier", server(0) { $0["tier"] = "gold" }, "servers[0] (\"de-fra-001\").tier: is not \"free\" or \"premium\""),
            MalformedList("load 101", server(2) { $0["load"] = 101 }, "servers[2] (\"nl-ams-001\").load: expected a whole number from 0 to 100, found 101"),
            MalformedList("load -1", server(2) { $0["load"] = -1 }, "servers[2] (\"nl-ams-001\").load", "found -1"),
            MalformedList("fractional load", server(2) { $0["load"] = 50.5 }, "servers[2] (\"nl-ams-001\").load", "found 50.5"),
            MalformedList("load as string", server(2) { $0["load"] = "50" }, "servers[2] (\"nl-ams-001\").load: expected a whole number from 0 to 100, found a string"),
            MalformedList("online as string", server(2) { $0["online"] = "yes" }, "servers[2] (\"nl-ams-001\").online: expected true or false, found a string"),
            MalformedList("duplicate server id", server(1) { $0["id"] = "DE-FRA-001" }, "servers[1].id", "\"de-fra-001\" is used by an earlier server"),
            MalformedList("dangling location", server(4) { $0["location"] = "us-lax" }, "servers[4] (\"us-nyc-101\").location: \"us-lax\" is not a location in the list"),
            MalformedList("probe port 0", server(0) { $0["probe_port"] = 0 }, "servers[0] (\"de-fra-001\").probe_port"),
            MalformedList("feature with newline", server(3) { $0["features"] = ["p2p\nstreaming"] }, "servers[3] (\"nl-ams-101\").features[0]: contains a control character"),
            MalformedList("short WireGuard key", server(0) { $0["wireguard"] = ["public_key": "c2hvcnQ=", "port": 51820] }, "servers[0] (\"de-fra-001\").wireguard.public_key"),
            MalformedList("WireGuard port 70000", server(0) { $0["wireguard"] = ["public_key": "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M=", "port": 70000] }, "servers[0] (\"de-fra-001\").wireguard.port"),
            MalformedList("WireGuard DNS not an address", server(0) { $0["wireguard"] = ["public_key": "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M=", "port": 51820, "dns": ["198.19.0.1", "ns1\nnameserver 192.0.2.66"]] }, "servers[0] (\"de-fra-001\").wireguard.dns"),
            MalformedList("OpenVPN CA injection", server(0) { $0["openvpn"] = ["udp_ports": [1194], "ca": pemInjection] }, "servers[0] (\"de-fra-001\").openvpn.ca: is not a PEM block"),
            MalformedList("OpenVPN without ports", server(0) { $0["openvpn"] = ["ca": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"] }, "servers[0] (\"de-fra-001\").openvpn.udp_ports"),
            MalformedList("PSK with newline", server(0) { $0["l2tp"] = ["ipsec_psk": "secret\nconn evil"] }, "servers[0] (\"de-fra-001\").l2tp.ipsec_psk: contains a control character"),
            MalformedList("server not an object", SampleList.mutated { $0["servers"] = ["de-fra-001"] }, "servers[0]: expected an object, found a string"),
        ]
    }()
}
