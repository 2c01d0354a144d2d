import Addressing
import Foundation
import ProbePackets
import VPNCore

/// The probe cache's stored form of a report: every verdict with its
/// evidence, the gateway's MAC and the local address, so that a cached
/// report is the report. Not a contract: `vpnctl probe --json` is Control's
/// `ProbeReport` (docs/architecture.md, Contracts → JSON output); this form
/// belongs to the cache, which drops a file it cannot read.
public enum ProbeCacheRecord {
    public static func object(_ report: NetworkReport) -> [String: Any] {
        var evidence: [String: Any] = [:]
        var passthrough: [String: Any] = [:]
        for key in PassthroughKey.allCases {
            let verdict = report.verdict(key)
            passthrough[key.rawValue] = verdict.name
            evidence[key.rawValue] = evidenceObject(verdict)
        }
        let mapping = report.portMapping
        for (name, verdict) in [("upnp", mapping.upnp), ("nat_pmp", mapping.natPMP), ("pcp", mapping.pcp)] {
            evidence[name] = evidenceObject(verdict)
        }
        return [
            "gateway": text(report.gateway),
            "gateway_mac": report.gatewayMAC ?? NSNull(),
            "local_ipv4": text(report.localIPv4),
            "server": report.server.rawValue,
            "nat": [
                "present": report.nat.present ?? NSNull(),
                "external_ipv4": text(report.nat.externalIPv4),
                "mapping_varies_by_destination": report.nat.mappingVariesByDestination ?? NSNull(),
                "double_nat": report.nat.doubleNAT ?? NSNull(),
            ] as [String: Any],
            "port_mapping": [
                "upnp": mapping.upnp.name, "nat_pmp": mapping.natPMP.name, "pcp": mapping.pcp.name,
                "gateway_external_ipv4": text(mapping.gatewayExternalIPv4),
            ] as [String: Any],
            "passthrough": passthrough,
            "mtu": report.pathMTU ?? NSNull(),
            "evidence": evidence,
            "elapsed_ms": report.elapsedMilliseconds,
        ]
    }

    public static func encode(_ report: NetworkReport) -> Data {
        // The object holds only JSON types, so serialisation cannot fail.
        (try? JSONSerialization.data(withJSONObject: object(report), options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
    }

    public static func decode(_ data: Data) throws(ProbeCacheRecordError) -> NetworkReport {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .invalid(field: "the document", expected: "a JSON object")
        }
        let reader = Reader(root: root)
        let serverText: String = try reader.required("server", in: root)
        guard let server = ServerID(rawValue: serverText) else { throw .invalid(field: "server", expected: "a server id") }
        let nat: [String: Any] = try reader.required("nat", in: root)
        let mapping: [String: Any] = try reader.required("port_mapping", in: root)
        let passthroughNames: [String: Any] = try reader.required("passthrough", in: root)
        let evidence: [String: Any] = try reader.required("evidence", in: root)

        func verdict(_ key: String, from names: [String: Any]) throws(ProbeCacheRecordError) -> ProbeVerdict {
            let name: String = try reader.required(key, in: names)
            let details: [String: Any] = try reader.required(key, in: evidence)
            let text: String = try reader.required("text", in: details)
            switch name {
            case "pass":
                let roundTrip: Double = try reader.required("round_trip_ms", in: details)
                return .pass(roundTripMilliseconds: roundTrip, evidence: text)
            case "blocked": return .blocked(evidence: text)
            case "not_checked": return .notChecked(why: text)
            default: throw .invalid(field: key, expected: "pass, blocked or not_checked")
            }
        }

        var passthrough: [PassthroughKey: ProbeVerdict] = [:]
        for key in PassthroughKey.allCases { passthrough[key] = try verdict(key.rawValue, from: passthroughNames) }
        let portMapping = PortMappingReport(
            upnp: try verdict("upnp", from: mapping), natPMP: try verdict("nat_pmp", from: mapping), pcp: try verdict("pcp", from: mapping),
            gatewayExternalIPv4: try reader.address("gateway_external_ipv4", in: mapping)
        )
        let natReport = NATReport(
            present: try reader.optional("present", in: nat), externalIPv4: try reader.address("external_ipv4", in: nat),
            mappingVariesByDestination: try reader.optional("mapping_varies_by_destination", in: nat),
            doubleNAT: try reader.optional("double_nat", in: nat)
        )
        return NetworkReport(
            gateway: try reader.address("gateway", in: root), gatewayMAC: try reader.optional("gateway_mac", in: root),
            localIPv4: try reader.address("local_ipv4", in: root), server: server, nat: natReport, portMapping: portMapping,
            passthrough: passthrough, pathMTU: try reader.optional("mtu", in: root),
            elapsedMilliseconds: try reader.required("elapsed_ms", in: root)
        )
    }

    private static func text(_ address: IPv4Address?) -> Any { address.map(\.description) ?? NSNull() }

    private static func evidenceObject(_ verdict: ProbeVerdict) -> [String: Any] {
        var object: [String: Any] = ["text": verdict.evidence]
        if let roundTrip = verdict.roundTripMilliseconds { object["round_trip_ms"] = roundTrip }
        return object
    }

    /// Typed reads that name the field that is wrong.
    private struct Reader {
        let root: [String: Any]

        func required<T>(_ key: String, in object: [String: Any]) throws(ProbeCacheRecordError) -> T {
            guard let value = try optional(key, in: object) as T? else { throw .invalid(field: key, expected: "a value of type \(T.self)") }
            return value
        }

        func optional<T>(_ key: String, in object: [String: Any]) throws(ProbeCacheRecordError) -> T? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            if T.self == Int.self, let number = value as? NSNumber {
                guard number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e9 else { throw .invalid(field: key, expected: "an integer") }
                return number.intValue as? T
            }
            if T.self == Double.self, let number = value as? NSNumber { return number.doubleValue as? T }
            guard let typed = value as? T else { throw .invalid(field: key, expected: "a value of type \(T.self)") }
            return typed
        }

        func address(_ key: String, in object: [String: Any]) throws(ProbeCacheRecordError) -> IPv4Address? {
            guard let text: String = try optional(key, in: object) else { return nil }
            guard let address = IPv4Address(text) else { throw .invalid(field: key, expected: "an IPv4 address") }
            return address
        }
    }
}
