import Foundation

/// Brings the whole lab up and tells what runs.
struct Lab {
    let state: StateDirectory

    /// Builds the lab, or leaves it alone when it is already up and whole.
    /// A lab that is half there (a crashed `up`, a killed daemon) is torn
    /// down and built again: cheaper to reason about than repairing it.
    @discardableResult
    func up() throws -> (record: LabRecord, built: Bool) {
        try Preflight.check()
        return try LabLock.holding {
            if let owner = LabLock.otherOwner(than: state) { throw LabError.otherLabRunning(stateDirectory: owner) }
            if let record = try? state.load(), record.phase == .up, isWhole(record) { return (record, false) }
            try Cleanup.run(state)
            try LabLock.claim(for: state)
            return (try build(), true)
        }
    }

    private func build() throws -> LabRecord {
        try state.create()
        var record = LabRecord(phase: .starting, startedAt: Date())
        try state.save(record)
        // openssl takes a while; it runs while the network is built.
        let openVPNPKI = OpenVPNPKI(state: state)
        let pkiJob = try openVPNPKI.start()

        // mkdir(2) itself, tolerating EEXIST: Foundation's recursive create
        // was seen failing with "File exists" on the VM's overlay /etc.
        for directory in ["/etc/netns", Topology.clientNetnsDirectory] where mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw LabError.io(path: directory, detail: String(cString: strerror(errno)))
        }
        try Files.write("nameserver \(Topology.clientResolver)\n", to: Topology.clientNetnsDirectory + "/resolv.conf")
        try Namespace.create(Topology.namespaces)
        try Links.create()
        try Links.configure()
        try Namespace(Topology.inetNamespace).sysctl(["net.ipv4.ip_forward": "1", "net.ipv6.conf.all.forwarding": "1"])
        try Router.setUp(record.router, state: state)

        // Start the slow parts first and do the rest while they come up.
        var publicKeys: [String: String] = [:]
        var serverPIDs: [(LocationServer, pid_t)] = []
        for server in Topology.servers {
            let location = LocationServer(server: server, state: state)
            publicKeys[server.id] = try location.generateKey()
            let pid = try location.start()
            record.processes.append(.init(name: "wireguard-go \(server.wireGuardInterface)", namespace: server.namespace, pid: pid))
            serverPIDs.append((location, pid))
        }
        try state.save(record)

        let provider = ProviderService(state: state)
        try provider.makePKI()
        let directoryKey = try provider.makeSigningKey()
        try provider.writeAccounts()

        // OpenVPN, L2TP and IPsec: started now, awaited after the rest.
        try pkiJob.wait()
        let daemons = ServerDaemons(state: state)
        let psks = try daemons.writeFiles(pki: openVPNPKI)
        let started = try daemons.start()
        record.processes += started.map(\.record)
        try state.save(record)

        try provider.publishServerList(publicKeys: publicKeys, openVPN: try openVPNPKI.published(), psks: psks)
        record.directoryPublicKey = directoryKey
        record.servers = Topology.servers.map { .init(id: $0.id, publicKey: publicKeys[$0.id] ?? "") }

        let webHost = WebHost(state: state)
        let webHostPID = try webHost.start()
        record.processes.append(.init(name: "web host", namespace: Topology.inetNamespace, pid: webHostPID))
        for (server, pid) in serverPIDs { try server.configure(pid: pid) }
        // After the servers: the provider pushes device keys to them.
        let providerPID = try provider.start()
        record.processes.append(.init(name: "provider API", namespace: Topology.inetNamespace, pid: providerPID))
        try state.save(record)
        try webHost.awaitReady(pid: webHostPID)
        try provider.awaitReady(pid: providerPID)
        try daemons.awaitReady(started)
        try daemons.loadIPsec()

        for tier in Topology.Tier.allCases {
            try ClientConfiguration.write(for: tier, directoryPublicKey: directoryKey, state: state)
        }
        // Last: by now the links have long been up, so this rarely waits.
        try Links.awaitIPv6()
        record.phase = .up
        try state.save(record)
        return record
    }

    /// Removes any lab, also one of another state directory (a crashed
    /// test's) — unless that one is in use by a live session and not `force`.
    func down(force: Bool = false) throws {
        try Preflight.requireRoot()
        try LabLock.holding {
            if !force, let owner = LabLock.otherOwner(than: state), LabLock.sessionIsActive {
                throw LabError.labInUse(stateDirectory: owner)
            }
            try Cleanup.run(state)
        }
    }

    /// Every namespace there, every daemon alive, every server answering.
    func isWhole(_ record: LabRecord) -> Bool {
        Topology.namespaces.allSatisfy { Namespace($0).exists }
            && FileManager.default.fileExists(atPath: Topology.clientNetnsDirectory + "/resolv.conf")
            && record.processes.count == Topology.servers.count * (1 + ServerDaemons.perServer) + 2
            && record.processes.allSatisfy { Processes.isRunning($0.pid) }
            && Topology.servers.allSatisfy { WireGuardUAPI(interface: $0.wireGuardInterface, socketPath: $0.uapiSocket).isListening }
    }

    /// The record of a lab that is up, or an error telling to bring it up.
    func requireUp() throws -> LabRecord {
        guard let record = try state.load(), record.phase == .up, Topology.namespaces.allSatisfy({ Namespace($0).exists }) else {
            throw LabError.notUp(stateDirectory: state.path)
        }
        return record
    }
}

/// What the lab needs from the machine, checked before touching anything.
enum Preflight {
    static func requireRoot() throws {
        guard geteuid() == 0 else { throw LabError.notRoot }
    }

    static func check() throws {
        try requireRoot()
        for tool in ["ip", "nft", "wg", "wireguard-go", "python3", "openssl", "openvpn", "xl2tpd", "pppd", "/usr/lib/ipsec/charon", "swanctl", "unshare"] {
            _ = try Subprocess.executable(tool)
        }
        // wireguard-go needs the TUN device node; containers often lack it.
        if !FileManager.default.fileExists(atPath: "/dev/net/tun") {
            try Files.makeDirectory("/dev/net", mode: 0o755)
            guard mknod("/dev/net/tun", S_IFCHR | 0o600, makedev(10, 200)) == 0 else {
                throw LabError.io(path: "/dev/net/tun", detail: "mknod failed: \(String(cString: strerror(errno))); wireguard-go needs the TUN device")
            }
        }
    }

    private static func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
        dev_t(major & 0xfff) << 8 | dev_t(minor & 0xff) | (dev_t(minor & ~0xff) << 12) | (dev_t(major & ~0xfff) << 32)
    }
}
