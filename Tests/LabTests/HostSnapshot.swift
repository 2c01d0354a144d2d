import Foundation
import TestSupport

/// The machine's own network as `ip -j` and `nft -j` print it: what the lab
/// must never change. Volatile fields (lifetimes, expiry timers) are left out.
struct HostSnapshot: Equatable, CustomStringConvertible {
    let parts: [String: String]

    static let commands: [String: [String]] = [
        "links": ["ip", "-j", "link", "show"],
        "addresses": ["ip", "-j", "address", "show"],
        "routes4": ["ip", "-j", "-4", "route", "show", "table", "all"],
        "routes6": ["ip", "-j", "-6", "route", "show", "table", "all"],
        "rules4": ["ip", "-j", "-4", "rule", "show"],
        "rules6": ["ip", "-j", "-6", "rule", "show"],
        "nftables": ["nft", "-j", "list", "ruleset"],
    ]

    static let volatileKeys: Set<String> = ["valid_life_time", "preferred_life_time", "expires", "handle"]

    static func take() throws -> HostSnapshot {
        var parts: [String: String] = [:]
        for (name, command) in commands {
            let outcome = try LabRunner.run("/usr/bin/env", command, environment: ProcessInfo.processInfo.environment)
            guard outcome.succeeded else { throw LabTestError("\(command.joined(separator: " ")) failed: \(outcome.summary)") }
            parts[name] = try normalized(outcome.stdout)
        }
        return HostSnapshot(parts: parts)
    }

    private static func normalized(_ json: String) throws -> String {
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return "" }
        let value = strip(try JSONSerialization.jsonObject(with: Data(trimmed.utf8)))
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    private static func strip(_ value: Any) -> Any {
        if let dictionary = value as? [String: Any] {
            return dictionary.filter { !volatileKeys.contains($0.key) }.mapValues(strip)
        }
        if let array = value as? [Any] { return array.map(strip) }
        return value
    }

    var description: String {
        parts.keys.sorted().map { "\($0): \(parts[$0]!)" }.joined(separator: "\n")
    }

    /// The parts that differ, for a readable failure.
    func difference(from other: HostSnapshot) -> String {
        parts.keys.sorted().filter { parts[$0] != other.parts[$0] }
            .map { "\($0):\n  before: \(other.parts[$0] ?? "-")\n  after:  \(parts[$0] ?? "-")" }
            .joined(separator: "\n")
    }
}

/// What the lab may leave nowhere once it is down.
enum Residue {
    static var labNamespaces: [String] { LabLease.labNamespaces }

    /// Live processes that belong to a lab: its daemons (by command line) and
    /// the tests' own WireGuard peer. Zombies have no command line.
    static var labProcesses: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard let pid = Int32(entry), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let line = arguments.joined(separator: " ")
            let isLab = line.contains("wg-de-fra-001") || line.contains("wg-nl-ams-") || line.contains("wg-us-nyc-101")
                || line.contains("wg-labtest") || line.contains("/Lab/provider.py") || line.contains("/Lab/webhost.py") || line.contains("/Lab/leakcheck.py") || line.contains("/Lab/resolver.py")
                || line.contains("netns exec vpnlab-") || (arguments.first?.hasSuffix("vpnlab") ?? false)
                || line.contains("/Lab/private-mounts.sh") || line.contains("/Lab/make-openvpn-pki.sh") || line.contains("openvpn-verify.sh")
                || line.contains("/vpnlab-test") || isMarked(pid)
            return isLab ? "\(pid): \(line)" : nil
        }
    }

    /// Every process `vpnlab up` starts (openvpn, xl2tpd, pppd, charon, their
    /// scripts) carries VPNLAB_DAEMON=1 in its environment.
    static func isMarked(_ pid: Int32) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        return data.split(separator: 0).contains { $0.elementsEqual(Array("VPNLAB_DAEMON=1".utf8)) }
    }

    /// Files the servers' daemons would write outside the state directory
    /// if their private /run did not work.
    static var labFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/run")) ?? []
        let pppd = names.filter { $0.hasPrefix("ppp") && $0.hasSuffix(".pid") || $0 == "pppd2.tdb" }.map { "/run/" + $0 }
        return (["/run/charon.pid", "/run/charon.vici"] + pppd).filter { FileManager.default.fileExists(atPath: $0) }
    }

    static var labSockets: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/var/run/wireguard")) ?? [])
            .filter { $0.hasPrefix("wg-de-fra-") || $0.hasPrefix("wg-nl-ams-") || $0.hasPrefix("wg-us-nyc-") || $0.hasPrefix("wg-labtest") }
    }

    /// Everything left, empty when clean.
    static var all: [String] {
        labNamespaces.map { "namespace \($0)" } + labProcesses.map { "process \($0)" } + labSockets.map { "socket \($0)" }
            + labFiles.map { "file \($0)" }
    }
}
