#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Foundation
import ProbePackets
import SystemSupport
import VPNCore

/// Reports per network, one JSON file each (0600) under `directory`, named
/// by the gateway's address and MAC, good for `timeToLive`. A file that does
/// not read back is ignored (and replaced by the next store), never fatal.
public struct ProbeCache: Sendable {
    public let directory: String
    public let timeToLive: Duration

    public init(directory: String, timeToLive: Duration = .seconds(300)) {
        self.directory = directory
        self.timeToLive = timeToLive
    }

    /// What names a network: its gateway and that gateway's MAC. Nil when
    /// either is unknown: such a report cannot be told apart from another
    /// network's, so it is not cached.
    public static func networkKey(gateway: IPv4Address?, mac: String?) -> String? {
        guard let gateway, let mac, !mac.isEmpty else { return nil }
        let cleanMAC = mac.lowercased().filter { $0.isHexDigit }
        guard cleanMAC.count == 12 else { return nil }
        return "\(gateway)-\(cleanMAC)"
    }

    func path(forKey key: String) -> String { directory + "/probe-" + key + ".json" }

    /// The stored report for this network and server, if fresh.
    public func report(gateway: IPv4Address?, mac: String?, server: ServerID, now: Date = Date()) -> NetworkReport? {
        guard let key = Self.networkKey(gateway: gateway, mac: mac) else { return nil }
        let path = path(forKey: key)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        let age = now.timeIntervalSince(modified)
        let ttl = Double(timeToLive.components.seconds) + Double(timeToLive.components.attoseconds) / 1e18
        guard age >= 0, age < ttl else { return nil }
        guard let report = try? ProbeCacheRecord.decode(data), report.server == server else { return nil }
        return report
    }

    /// Stores `report` for its network, replaced whole (`PrivateFile`), so
    /// a reader never sees half a report.
    public func store(_ report: NetworkReport) throws(ProbeCacheError) {
        guard let key = Self.networkKey(gateway: report.gateway, mac: report.gatewayMAC) else {
            throw .noNetworkKey
        }
        do throws(PrivateFileError) {
            try PrivateFile.ensureDirectory(directory)
            try PrivateFile.write(Array(ProbeCacheRecord.encode(report)), to: path(forKey: key))
        } catch {
            throw .cannotWrite(path: path(forKey: key), reason: error.description)
        }
    }
}
