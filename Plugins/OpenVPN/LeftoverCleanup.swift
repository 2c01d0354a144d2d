import PluginKit
import Foundation
import Netlink
import TunnelSupport

/// What a plugin that was killed (with the daemon, say) may have left for
/// `interface`: its openvpn, found by the pid file in its directory; the
/// routing rules; the DNS backup; the directory; the tun. A fresh plugin
/// removes them knowing nothing but the interface's name.
struct LeftoverCleanup: Sendable {
    let interface: String

    func run() async {
        let directory = PrivateDirectory(interface: interface)
        if let pid = directory.recordedPID, Self.isOpenVPN(pid, config: directory.configFile) {
            await Self.stop(pid)
        }
        await FullTunnelRouting.remove(restoringSourceValidMark: nil)
        TunnelDNS.restore(interface: interface)
        let interface = self.interface
        _ = try? await NetlinkThread.run { () throws(NetlinkError) in
            let rtnetlink = try RTNetlink()
            if let link = try rtnetlink.link(.name(interface)), link.kind == nil || link.kind == "tun" {
                try rtnetlink.deleteLink(.index(link.index))
            }
        }
        directory.remove()
    }

    /// Only an openvpn started on this directory's config: a pid file can
    /// outlive its process, and the number may have been reused since.
    static func isOpenVPN(_ pid: pid_t, config: String) -> Bool {
        guard pid > 1, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.first?.hasSuffix("openvpn") == true && arguments.last == config
    }

    /// SIGTERM, then SIGKILL after the deadline. It is not our child, so
    /// there is no exit to wait on: look at /proc until it is gone.
    static func stop(_ pid: pid_t) async {
        kill(pid, SIGTERM)
        let killAt = ContinuousClock.now + OpenVPNProcess.stopDeadline
        var killed = false
        while FileManager.default.fileExists(atPath: "/proc/\(pid)/cmdline"), !isZombie(pid) {
            if ContinuousClock.now >= killAt {
                if killed { return }
                kill(pid, SIGKILL)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
