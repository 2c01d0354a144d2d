import Foundation
import Testing
import VPNCore
@testable import ProbePackets
@testable import RouterProbe

@Suite struct ProbeCacheRecordTests {
    @Test func aReportReadsBackAsItWas() throws {
        let report = ProbeReportFixture.report()
        #expect(try ProbeCacheRecord.decode(ProbeCacheRecord.encode(report)) == report)
    }

    @Test func theContractKeysAreThere() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: ProbeCacheRecord.encode(ProbeReportFixture.report())) as? [String: Any])
        for key in ["gateway", "nat", "port_mapping", "passthrough", "mtu", "evidence", "server", "elapsed_ms"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let nat = try #require(object["nat"] as? [String: Any])
        #expect(Set(nat.keys) == ["present", "external_ipv4", "mapping_varies_by_destination", "double_nat"])
        #expect(nat["double_nat"] is NSNull)
        let passthrough = try #require(object["passthrough"] as? [String: String])
        #expect(Set(passthrough.keys) == Set(PassthroughKey.allCases.map(\.rawValue)))
        #expect(passthrough["udp"] == "pass" && passthrough["tcp443"] == "blocked" && passthrough["wireguard"] == "not_checked")
        let mapping = try #require(object["port_mapping"] as? [String: Any])
        #expect(mapping["upnp"] as? String == "pass" && mapping["nat_pmp"] as? String == "blocked" && mapping["pcp"] as? String == "not_checked")
        let evidence = try #require(object["evidence"] as? [String: [String: Any]])
        #expect(evidence["udp"]?["round_trip_ms"] as? Double == 0.25)
        #expect(evidence["tcp443"]?["text"] as? String == "no reply in 1.2 s after 5 tries to tcp443")
        #expect(evidence["upnp"]?["text"] as? String == "SSDP answer")
        #expect(object["mtu"] as? Int == 1492)
    }

    @Test(arguments: [
        ("[]", "the document"),
        (#"{"server": "de-fra-001"}"#, "nat"),
        (#"{"server": "not valid!"}"#, "server"),
    ])
    func malformedDocumentsNameWhatIsWrong(text: String, field: String) {
        do {
            _ = try ProbeCacheRecord.decode(Data(text.utf8))
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.contains(field), "\(error)")
        }
    }

    @Test func aWrongVerdictNameIsRefused() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: ProbeCacheRecord.encode(ProbeReportFixture.report())) as? [String: Any])
        var passthrough = try #require(object["passthrough"] as? [String: Any])
        passthrough["esp"] = "maybe"
        object["passthrough"] = passthrough
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ProbeCacheRecordError.invalid(field: "esp", expected: "pass, blocked or not_checked")) { try ProbeCacheRecord.decode(data) }
    }
}
