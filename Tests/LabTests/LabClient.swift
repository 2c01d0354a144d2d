import Foundation
import TestSupport

/// What the connect tests look at on the lab's home client.
extension LabSession {
    static let webHost = "198.51.100.80"
    static let webHost6 = "2001:db8:80::80"

    /// What the client namespace holds, to compare before and after: the
    /// network state, the processes running there, and the files in the
    /// daemon's runtime directory.
    func clientSnapshot(account: String = "free") throws -> String {
        let network = try [
            ["ip", "-j", "link", "show"], ["ip", "-j", "address", "show"], ["ip", "-j", "route", "show", "table", "all"],
            ["ip", "-j", "rule", "show"], ["ip", "-j", "-6", "route", "show", "table", "all"], ["ip", "-j", "-6", "rule", "show"],
            ["nft", "list", "ruleset"], ["cat", "/proc/sys/net/ipv4/conf/all/src_valid_mark"],
            ["cat", "/etc/resolv.conf"],
        ].map { command in
            let outcome = try runner.exec("client", arguments: command)
            guard outcome.succeeded else { throw LabTestError("\(command.joined(separator: " ")): \(outcome.summary)") }
            return outcome.stdout
        }
        let pids = try LabRunner.run("/usr/sbin/ip", ["netns", "pids", "vpnlab-client"], environment: [:]).stdout
        let processes = pids.split(separator: "\n").compactMap { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }.sorted()
        let runtime = (try? FileManager.default.contentsOfDirectory(atPath: stateDirectory + "/client/\(account)/run")) ?? []
        // The plugins' private folders (configs, sockets, resolv.conf copies).
        let plugins = ((try? FileManager.default.contentsOfDirectory(atPath: "/run")) ?? []).filter { $0.hasPrefix("vpnctl-") }
        return (network + ["processes: \(processes)", "runtime: \(runtime.sorted())", "plugin folders: \(plugins.sorted())"])
            .joined(separator: "\n")
    }

    /// What the lab's web host sees as this client's address.
    func exitAddress() throws -> String {
        try runner.exec("client", "curl", "-sS", "--max-time", "10", "http://\(Self.webHost)/ip").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the web host sees as this client's address when reached over IPv6.
    func exitAddress6() throws -> String {
        try runner.exec("client", "curl", "-sS", "-6", "--max-time", "10", "http://[\(Self.webHost6)]/ip").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func difference(_ before: String, _ after: String) -> String {
        let old = Set(before.split(separator: "\n")), new = Set(after.split(separator: "\n"))
        return "gone: \(old.subtracting(new)), added: \(new.subtracting(old))"
    }

    /// Processes (not zombies) whose command line matches.
    static func processes(_ matching: (String) -> Bool) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name in
            guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !data.isEmpty else { return nil }
            let command = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return matching(command) ? pid : nil
        }
    }
}
