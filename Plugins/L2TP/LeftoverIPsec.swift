import Addressing
import Foundation
import Netlink
import PluginKit
import SystemSupport

/// The IPsec state a killed charon leaves in the kernel. charon deletes its
/// SAs and policies when it is stopped (SIGTERM), but one killed with its
/// plugin (the host SIGKILLs a dead plugin's whole process group) cannot:
/// they would go on carrying the L2TP traffic of whatever is left. A fresh
/// instance's cleanup deletes them with iproute2 (the Netlink module speaks
/// no XFRM): the ESP SAs to and from the server that the leftover
/// swanctl.conf names, and the transport-mode policies for its L2TP port,
/// nothing of any other peer or port.
enum LeftoverIPsec {
    static let candidates = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]

    /// The server a leftover swanctl.conf was written for; nil when the
    /// file is gone or names no usable address.
    static func server(inSwanctlConfig text: String) -> IPAddress? {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard words.count == 2, words[0] == "remote_addrs",
                  let address = IPAddress(words[1]), address.family == .ipv4, address.description == words[1] else { continue }
            return address
        }
        return nil
    }

    /// The `ip` invocations that delete what charon had installed for `server`.
    static func commands(server: IPAddress) -> [[String]] {
        let host = "\(server)/32"
        return [
            ["xfrm", "state", "deleteall", "src", "\(server)", "proto", "esp"],
            ["xfrm", "state", "deleteall", "dst", "\(server)", "proto", "esp"],
            ["xfrm", "policy", "deleteall", "dst", host, "proto", "udp", "dport", "\(XL2TPDConfig.port)"],
            ["xfrm", "policy", "deleteall", "src", host, "proto", "udp", "sport", "\(XL2TPDConfig.port)"],
        ]
    }

    static func remove(in directory: PrivateDirectory) async {
        guard let text = try? String(contentsOfFile: directory.file(SwanctlConfig.fileName), encoding: .utf8),
              let server = server(inSwanctlConfig: text),
              let ip = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        for arguments in commands(server: server) {
            _ = try? await ChildProcess.run(ip, arguments, deadline: .seconds(10))
        }
    }
}
