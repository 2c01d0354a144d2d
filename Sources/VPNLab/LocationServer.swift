import Foundation

/// A VPN server of one location, in its own namespace: a userspace
/// WireGuard (`wireguard-go`; this kernel has no WireGuard module) with the
/// server's key, and exit NAT so tunnel traffic leaves with the server's
/// address (for every protocol's tunnel network: see `ServerDaemons` for the others).
struct LocationServer {
    let server: Topology.Server
    let state: StateDirectory

    var namespace: Namespace { Namespace(server.namespace) }
    var uapi: WireGuardUAPI { WireGuardUAPI(interface: server.wireGuardInterface, socketPath: server.uapiSocket) }
    var keyFile: String { state.keys + "/\(server.id).key" }
    var log: String { state.log(server.wireGuardInterface) }

    /// Makes the server's key pair (private key 0600) and returns the public key.
    func generateKey() throws -> String {
        let privateKey = try Subprocess.run(["wg", "genkey"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try Files.write(privateKey + "\n", to: keyFile, mode: 0o600)
        return try Subprocess.run(["wg", "pubkey"], input: privateKey + "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts wireguard-go without waiting for it; `configure` waits.
    func start() throws -> pid_t {
        // A socket file left by a killed daemon would look like a ready one.
        if FileManager.default.fileExists(atPath: server.uapiSocket), !uapi.isListening {
            unlink(server.uapiSocket)
        }
        return try namespace.spawnDaemon(["wireguard-go", "-f", server.wireGuardInterface], log: log)
    }

    func configure(pid: pid_t) throws {
        try Await.condition("wireguard-go's UAPI socket \(server.uapiSocket) in \(server.namespace)", log: log) {
            guard Processes.isRunning(pid) else {
                throw LabError.daemonExited(name: "wireguard-go for \(server.id)", log: Await.tail(log))
            }
            return uapi.isListening
        }
        let privateKey = try String(contentsOfFile: keyFile, encoding: .utf8)
        try uapi.set(["private_key=\(try WireGuardUAPI.hex(fromBase64: privateKey))", "listen_port=\(Topology.wireGuardPort)"])
        var addresses = ["addr add \(Topology.tunnelServerAddress)/16 dev \(server.wireGuardInterface)"]
        if server.address6 != nil {
            addresses.append("addr add \(Topology.tunnelServerAddress6)/64 dev \(server.wireGuardInterface) nodad")
        }
        try namespace.ip(addresses + ["link set \(server.wireGuardInterface) up"])
        try namespace.sysctl(server.address6 == nil ? ["net.ipv4.ip_forward": "1"] : ["net.ipv4.ip_forward": "1", "net.ipv6.conf.all.forwarding": "1"])
        // wireguard-go owns the WireGuard port; a probe of that port (its
        // payload starts with the echo magic, which no WireGuard message
        // does) goes to the responder instead, and conntrack answers from
        // the port it was sent to.
        try namespace.nft("""
            table ip vpnlab {
                chain prerouting {
                    type nat hook prerouting priority dstnat; policy accept;
                    iifname "\(server.uplinkInterface)" udp dport \(Topology.wireGuardPort) @th,64,32 \(Self.echoMagic) redirect to :\(Topology.probePort)
                }
                chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    ip saddr { \(Topology.tunnelNetworks.joined(separator: ", ")) } oifname "\(server.uplinkInterface)" masquerade
                }
            }

            """ + ipv6ExitNAT)
    }

    /// A server that offers IPv6 gives its tunnel clients its own IPv6
    /// address on the way out, as its IPv4 exit NAT does: the web host must
    /// see the server, not the device, whichever family it is reached by.
    private var ipv6ExitNAT: String {
        guard server.address6 != nil else { return "" }
        return """
            table ip6 vpnlab {
                chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    ip6 saddr \(Topology.tunnelNetwork6) oifname "\(server.uplinkInterface)" masquerade
                }
            }

            """
    }

    /// RouterProbe's ProbeEchoPayload.magic, "VPNE".
    static let echoMagic = "0x56504e45"
}
