import Foundation

/// miniupnpd on the home router: UPnP IGD (SSDP on udp/1900 and its HTTP
/// port), NAT-PMP and PCP (udp/5351), for the LAN only, with mappings as
/// DNAT rules in an nftables table of its own (`inet miniupnpd`) beside the
/// lab's `ip vpnlab` table.
///
/// Debian's miniupnpd 2.3.1 refuses a WAN address from a reserved range as
/// its external address (no `ext_allow_private_ipv4` in that version, and
/// `ext_ip` is checked the same way), and the lab's 203.0.113.2 is one. It
/// accepts what STUN reports, though: so while it starts, a STUN responder
/// on the router's own WAN address tells it 203.0.113.2, as a STUN server on
/// the internet would tell a router behind a 1:1 NAT.
struct MiniUPnPD {
    let state: StateDirectory

    static let table = "miniupnpd"
    static let natPMPPort = 5351
    static let ssdpPort = 1900
    static let httpPort = 5000
    static let stunPort = 3478

    var folder: String { state.file("router") }
    var configurationFile: String { folder + "/miniupnpd.conf" }
    var pidFile: String { folder + "/miniupnpd.pid" }
    var leaseFile: String { folder + "/upnp.leases" }
    var log: String { state.log("miniupnpd") }
    private var router: Namespace { Namespace(Topology.routerNamespace) }

    /// Starts miniupnpd unless it runs already; returns once it answers
    /// with the WAN address as its external address.
    func start() throws {
        guard running().isEmpty else { return }
        let executable = try Self.nftablesBuild()
        try Files.makeDirectory(folder)
        try Files.write(configuration(uuid: UUID().uuidString.lowercased()), to: configurationFile, mode: 0o600)
        // A fresh table: mappings of an earlier run died with that run.
        try router.nft(tables())

        let stun = STUNResponder(state: state)
        let stunPID = try stun.start()
        defer { stun.stop(pid: stunPID) }
        try stun.awaitReady(pid: stunPID)

        let logStart = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        // -d: in the foreground (so `down` finds it in the router namespace,
        // with its output in the log); a private /run, so that nothing it
        // may write there (its default pid file) reaches the machine's; and
        // no console: -d logs every packet, and with no syslog daemon each
        // line would also go to the machine's serial console, which holds
        // this single-threaded daemon up for milliseconds per line (an SSDP
        // answer or an HTTP request waited tens of milliseconds behind them).
        let pid = try router.spawnDaemon(
            try PrivateMounts.prefix(keeping: state, quietConsole: true) + [executable, "-d", "-f", configurationFile, "-P", pidFile], log: log)
        do {
            try Await.condition("miniupnpd to take \(Topology.routerWANAddress) as its external address and listen on udp/\(Self.natPMPPort)", log: log) {
                guard Processes.isRunning(pid) else { throw LabError.daemonExited(name: "miniupnpd", log: Await.tail(log)) }
                // STUN runs before the NAT-PMP socket opens, so once it is
                // bound the log says how STUN went.
                guard ListeningSockets.ports(.udp, of: pid).contains(Self.natPMPPort) else { return false }
                let output = FileManager.default.contents(atPath: log).map { String(decoding: $0.dropFirst(logStart), as: UTF8.self) } ?? ""
                guard output.contains("public IP address \(Topology.routerWANAddress)") else {
                    throw LabError.cannotStart(command: "miniupnpd", reason: "it did not learn its external address \(Topology.routerWANAddress) by STUN; its log says: \(Await.tail(log))")
                }
                return true
            }
        } catch {
            try? stop()
            throw error
        }
    }

    /// Stops miniupnpd and removes its table, lease and pid files: a
    /// router that turns UPnP off forgets its mappings. Idempotent.
    func stop() throws {
        let pids = running()
        for pid in pids { kill(pid, SIGTERM) }
        if (try? Await.condition("miniupnpd to exit", timeout: .seconds(3)) { pids.allSatisfy { !Processes.isRunning($0) } }) == nil {
            for pid in pids where Processes.isRunning(pid) { kill(pid, SIGKILL) }
            try Await.condition("miniupnpd to die", timeout: .seconds(5)) { pids.allSatisfy { !Processes.isRunning($0) } }
        }
        if router.exists {
            // Declared first, so the delete is valid when there is no table.
            try router.nft("table inet \(Self.table) {}\ndelete table inet \(Self.table)\n")
        }
        removeFiles()
    }

    /// What the lab wrote for miniupnpd (its log stays with the others).
    func removeFiles() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The path of a miniupnpd built for nftables (Debian builds one per
    /// firewall backend; the lab's router has only nftables).
    static func nftablesBuild() throws -> String {
        let path = try Subprocess.executable("miniupnpd").path
        guard (try? Subprocess.run([path, "--version"]))?.contains("nftables") == true else {
            throw LabError.missingTool(name: "miniupnpd for nftables (\(path) is not)", package: "miniupnpd-nftables")
        }
        return path
    }

    /// miniupnpd processes in the router namespace, whoever started them.
    func running() -> [pid_t] {
        router.pids().filter { pid in
            Processes.isRunning(pid) && Processes.arguments(of: pid).first.map { $0.hasSuffix("/miniupnpd") || $0 == "miniupnpd" } == true
        }
    }

    func configuration(uuid: String) -> String {
        """
        # Written by vpnlab: miniupnpd on the lab's home router.
        ext_ifname=\(Topology.routerWANInterface)
        listening_ip=\(Topology.routerLANInterface)
        http_port=\(Self.httpPort)
        ipv6_disable=yes
        enable_upnp=yes
        # NAT-PMP and, in this version, PCP too (later versions split it
        # off as enable_pcp_pmp).
        enable_natpmp=yes
        secure_mode=yes
        system_uptime=no
        # The external address, learned from the lab's own STUN responder
        # (a reserved address is refused as ext_ip).
        ext_perform_stun=yes
        ext_stun_host=\(Topology.routerWANAddress)
        ext_stun_port=\(Self.stunPort)
        upnp_table_name=\(Self.table)
        upnp_nat_table_name=\(Self.table)
        upnp_forward_chain=miniupnpd
        upnp_nat_chain=prerouting_miniupnpd
        upnp_nat_postrouting_chain=postrouting_miniupnpd
        lease_file=\(leaseFile)
        uuid=\(uuid)
        friendly_name=vpnlab home router
        # Any port for any host of the home network, nothing for anyone else.
        allow 1-65535 \(Topology.lanPrefix) 1-65535
        deny 0-65535 0.0.0.0/0 0-65535

        """
    }

    /// The chains miniupnpd fills but (in this version) does not create:
    /// what Debian's nft_init.sh makes, except that the forward chain
    /// accepts by default — filtering is the lab's own table's job, which
    /// lets DNATed connections in (`ct status dnat`).
    func tables() -> String {
        """
        table inet \(Self.table) {}
        delete table inet \(Self.table)
        table inet \(Self.table) {
            chain forward {
                type filter hook forward priority filter; policy accept;
                jump miniupnpd
            }
            chain miniupnpd {
            }
            chain prerouting {
                type nat hook prerouting priority dstnat; policy accept;
                jump prerouting_miniupnpd
            }
            chain postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                jump postrouting_miniupnpd
            }
            chain prerouting_miniupnpd {
            }
            chain postrouting_miniupnpd {
            }
        }

        """
    }
}
