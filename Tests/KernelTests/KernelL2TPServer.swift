import Foundation
import TestSupport

/// Two namespaces of the test's own joined by a veth pair (client
/// 198.51.100.1, server 198.51.100.2), the server running a real L2TP/IPsec
/// endpoint as test infrastructure: charon as IKE responder (transport mode,
/// PSK) and xl2tpd as LNS whose pppd authenticates `vpnctl` with MS-CHAPv2
/// and hands out 198.18.102.10 from 198.18.102.1. Each server daemon runs in
/// a mount namespace of its own, so its pid file and pppd's chap-secrets are
/// files of the test's folder, not of the (read-only) host.
final class KernelL2TPServer: @unchecked Sendable {
    static let serverTunnelAddress = "198.18.102.1"
    static let psk = "kernel-test-psk-0123"
    static let token = "kernel-test-token"

    let tag = String(UInt32.random(in: 0 ... 0xFFFFF), radix: 16)
    var client: String { "vpnctl-ktest-lc-\(tag)" }
    var server: String { "vpnctl-ktest-ls-\(tag)" }
    var clientInterface: String { "l2c\(tag)" }
    let folder: TemporaryDirectory
    private var processes: [Process] = []

    init() throws {
        folder = try TemporaryDirectory(prefix: "vpnctl-kernel-l2tp")
    }

    func up() throws {
        try TestNetwork.makePair(client: client, server: server)
        let dir = folder.path
        try folder.write("strongswan.conf", """
            charon {
                load_modular = no
                load = random nonce aes sha1 sha2 md5 hmac kdf gmp pem pkcs1 x509 pubkey kernel-netlink socket-default vici
                install_routes = no
                plugins { vici { socket = unix:///var/run/charon.vici } }
                filelog { server-log { path = /var/run/charon.log
                                       default = 1
                                       ike = 2 } }
            }
            """)
        try folder.write("swanctl.conf", """
            connections {
                lns {
                    local { auth = psk }
                    remote { auth = psk }
                    children {
                        l2tp {
                            mode = transport
                            local_ts = dynamic[udp/1701]
                            remote_ts = dynamic[udp/1701]
                        }
                    }
                }
            }
            secrets { ike-lns { secret = "\(Self.psk)" } }
            """)
        try folder.write("xl2tpd.conf", """
            [global]
            port = 1701
            [lns default]
            ip range = 198.18.102.10-198.18.102.20
            local ip = \(Self.serverTunnelAddress)
            require authentication = yes
            refuse pap = yes
            require chap = yes
            name = vpnctl-lab
            pppoptfile = \(dir)/options.server
            length bit = yes
            """)
        try folder.write("options.server", """
            name vpnctl-lab
            require-mschap-v2
            refuse-pap
            refuse-chap
            refuse-mschap
            nodefaultroute
            noipv6
            noccp
            mtu 1400
            mru 1400
            ip-up-script /bin/true
            ip-down-script /bin/true
            """)
        try folder.write("chap-secrets", "vpnctl * \"\(Self.token)\" *\n")
        chmod(folder.url.appendingPathComponent("chap-secrets").path, 0o600)

        try start(["/bin/sh", "-c", "mount --bind \"$0\" /var/run && exec /usr/lib/ipsec/charon", dir],
                  environment: ["STRONGSWAN_CONF": "/var/run/strongswan.conf"])
        try Shell.waitFor(path: "\(dir)/charon.vici", within: 60)
        try Shell.run("swanctl", "--load-all", "--noprompt", "--file", "\(dir)/swanctl.conf", "--uri", "unix://\(dir)/charon.vici")
        try start(["/bin/sh", "-c", "mount --bind \"$0/chap-secrets\" /etc/ppp/chap-secrets && exec /usr/sbin/xl2tpd -D -c \"$0/xl2tpd.conf\" -p \"$0/xl2tpd.pid\" -C \"$0/l2tp-control\"", dir],
                  environment: [:])
        try Shell.waitFor(path: "\(dir)/l2tp-control", within: 60)
    }

    /// Runs `command` in the server namespace and a private mount namespace.
    private func start(_ command: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", server, "unshare", "--mount", "--propagation", "private", "--"] + command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log = folder.url.appendingPathComponent("server-\(processes.count).log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        processes.append(process)
    }

    /// The server's logs, for a failing test's message.
    func logs() -> String {
        let names = ["charon.log", "server-0.log", "server-1.log"]
        return names.map { name in
            "== \(name)\n" + ((try? String(contentsOfFile: "\(folder.path)/\(name)", encoding: .utf8)) ?? "")
        }.joined(separator: "\n")
    }

    /// The client namespace's state: links, addresses, routes, rules,
    /// src_valid_mark, IPsec SAs and policies, the plugin's folder and daemons.
    func clientSnapshot(includingSysctl: Bool = true) throws -> String {
        try [
            Shell.output("ip", "-n", client, "-j", "link", "show"),
            Shell.output("ip", "-n", client, "-j", "address", "show"),
            Shell.output("ip", "-n", client, "-j", "route", "show", "table", "all"),
            Shell.output("ip", "-n", client, "-j", "rule", "show"),
            includingSysctl ? Shell.output("ip", "netns", "exec", client, "cat", "/proc/sys/net/ipv4/conf/all/src_valid_mark") : "",
            Shell.output("ip", "-n", client, "xfrm", "state"),
            Shell.output("ip", "-n", client, "xfrm", "policy"),
            "folder: \(FileManager.default.fileExists(atPath: "/run/vpnctl-l2tp/\(clientInterface)"))",
            "daemons: \(clientDaemons())",
        ].joined(separator: "\n")
    }

    /// xl2tpd, charon or pppd processes serving the client's interface.
    func clientDaemons() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int32(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let command = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return ["xl2tpd", "charon", "pppd"].contains(where: command.contains) && command.contains(clientInterface) ? command : nil
        }
    }

    func down() {
        for process in processes where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? Shell.run("ip", "netns", "del", client)
        try? Shell.run("ip", "netns", "del", server)
        folder.remove()
    }
}
