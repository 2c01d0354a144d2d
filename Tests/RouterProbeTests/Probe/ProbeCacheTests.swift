import Addressing
import Foundation
@testable import ProbePackets
@testable import RouterProbe
import TestSupport
import Testing
import VPNCore

@Suite struct ProbeCacheTests {
    let server = ServerID(rawValue: "de-fra-001")!

    @Test func aStoredReportComesBackForItsNetworkOnly() throws {
        let directory = try TemporaryDirectory(prefix: "vpnprb-cache")
        defer { directory.remove() }
        let cache = ProbeCache(directory: directory.path + "/probe")
        let report = ProbeReportFixture.report()
        try cache.store(report)
        #expect(cache.report(gateway: report.gateway, mac: "02:00:5E:00:53:01", server: server) == report)
        #expect(cache.report(gateway: report.gateway, mac: "02:00:5e:00:53:02", server: server) == nil, "another router, same address")
        #expect(cache.report(gateway: IPv4Address("198.18.0.254"), mac: report.gatewayMAC, server: server) == nil)
        #expect(cache.report(gateway: report.gateway, mac: report.gatewayMAC, server: ServerID(rawValue: "nl-ams-001")!) == nil)
        #expect(cache.report(gateway: report.gateway, mac: nil, server: server) == nil)
    }

    @Test func filesArePrivateAndNoTemporaryIsLeft() throws {
        let directory = try TemporaryDirectory(prefix: "vpnprb-cache")
        defer { directory.remove() }
        let cache = ProbeCache(directory: directory.path)
        try cache.store(ProbeReportFixture.report())
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names == ["probe-198.18.0.1-02005e005301.json"], "\(names)")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/" + names[0])
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func anExpiredReportIsNotReturned() throws {
        let directory = try TemporaryDirectory(prefix: "vpnprb-cache")
        defer { directory.remove() }
        let cache = ProbeCache(directory: directory.path, timeToLive: .seconds(300))
        let report = ProbeReportFixture.report()
        try cache.store(report)
        #expect(cache.report(gateway: report.gateway, mac: report.gatewayMAC, server: server, now: Date().addingTimeInterval(299)) != nil)
        #expect(cache.report(gateway: report.gateway, mac: report.gatewayMAC, server: server, now: Date().addingTimeInterval(301)) == nil)
    }

    @Test func aCorruptFileIsIgnoredAndReplaced() throws {
        let directory = try TemporaryDirectory(prefix: "vpnprb-cache")
        defer { directory.remove() }
        let cache = ProbeCache(directory: directory.path)
        let report = ProbeReportFixture.report()
        let path = directory.path + "/probe-198.18.0.1-02005e005301.json"
        for junk in ["", "{", "{\"server\": 7}", String(repeating: "\u{0}", count: 100)] {
            try Data(junk.utf8).write(to: URL(fileURLWithPath: path))
            #expect(cache.report(gateway: report.gateway, mac: report.gatewayMAC, server: server) == nil, "junk \(junk.debugDescription)")
        }
        try cache.store(report)
        #expect(cache.report(gateway: report.gateway, mac: report.gatewayMAC, server: server) == report)
    }

    @Test func aReportWithoutNetworkKeyIsNotStored() throws {
        let directory = try TemporaryDirectory(prefix: "vpnprb-cache")
        defer { directory.remove() }
        let cache = ProbeCache(directory: directory.path)
        #expect(throws: ProbeCacheError.noNetworkKey) { try cache.store(ProbeReportFixture.report(gatewayMAC: nil)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func anUnwritableDirectorySaysSo() throws {
        let cache = ProbeCache(directory: "/proc/vpnprb-no-such-place")
        do {
            try cache.store(ProbeReportFixture.report())
            Issue.record("stored under /proc")
        } catch {
            #expect(error.description.contains("/proc/vpnprb-no-such-place"), "\(error)")
        }
    }
}
