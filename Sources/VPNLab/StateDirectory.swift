import Foundation

/// Where one lab keeps what it made: keys, certificates, the provider's
/// files, client configurations, logs and the record of what runs.
/// `$VPNLAB_STATE_DIR`, or /run/vpnlab (gone after a reboot, like the lab).
struct StateDirectory {
    static let defaultPath = "/run/vpnlab"

    let path: String

    static func fromEnvironment() -> StateDirectory {
        let configured = ProcessInfo.processInfo.environment["VPNLAB_STATE_DIR"] ?? ""
        let path = configured.isEmpty ? defaultPath : configured
        // Absolute, because client configurations and daemons refer to it
        // from other working directories.
        return StateDirectory(path: URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    func file(_ relative: String) -> String { path + "/" + relative }

    var recordFile: String { file("lab.json") }
    var pki: String { file("pki") }
    var providerRoot: String { file("provider") }
    var keys: String { file("keys") }
    var accounts: String { file("accounts") }
    var logs: String { file("logs") }
    /// The OpenVPN CA, server certificates and tls-crypt key.
    var openVPNPKI: String { pki + "/openvpn" }
    /// One folder per server for its OpenVPN, L2TP and IPsec daemons.
    var servers: String { file("servers") }
    func server(_ id: String) -> String { servers + "/" + id }
    func client(_ tier: Topology.Tier) -> String { file("client/\(tier.rawValue)") }
    func clientConfiguration(_ tier: Topology.Tier) -> String { client(tier) + "/config.toml" }
    func tokenFile(_ tier: Topology.Tier) -> String { accounts + "/\(tier.rawValue).token" }
    func log(_ name: String) -> String { logs + "/\(name).log" }

    /// Creates the directory and its parts, private to root: it holds keys
    /// and account tokens.
    func create() throws {
        for directory in [path, pki, providerRoot, keys, accounts, logs, servers] {
            try Files.makeDirectory(directory)
        }
    }

    func load() throws -> LabRecord? {
        guard let data = FileManager.default.contents(atPath: recordFile) else { return nil }
        do {
            return try JSONDecoder().decode(LabRecord.self, from: data)
        } catch {
            throw LabError.invalidState(path: recordFile, detail: "\(error)")
        }
    }

    func save(_ record: LabRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Files.write(try encoder.encode(record), to: recordFile, mode: 0o600)
    }

    /// Removes everything the lab wrote. Only what the lab wrote: a state
    /// directory given by a user may hold other files.
    func removeContents() {
        for name in ["lab.json", "pki", "provider", "keys", "accounts", "logs", "client", "nft", "servers", "leakcheck"] {
            try? FileManager.default.removeItem(atPath: file(name))
        }
        // Only succeeds when empty, which is what we want.
        rmdir(path)
    }
}

/// What runs, as `vpnlab up` left it: read by status, exec, router and down.
struct LabRecord: Codable {
    enum Phase: String, Codable { case starting, up }

    struct Process: Codable {
        let name: String
        let namespace: String
        let pid: Int32
    }

    struct ServerKeys: Codable {
        let id: String
        let publicKey: String
    }

    var phase: Phase
    var startedAt: Date
    var directoryPublicKey: String?
    var servers: [ServerKeys] = []
    var processes: [Process] = []
    var router = RouterSettings()
}

/// Small file helpers with the modes the lab needs.
enum Files {
    static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: Int(mode)])
        } catch {
            throw LabError.io(path: path, detail: "\(error)")
        }
    }

    /// Writes atomically (a temporary file renamed into place) with `mode`
    /// set before any byte is written, so a secret is never readable by others.
    static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw LabError.io(path: path, detail: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        fchmod(fd, mode)
        close(fd)
        guard written == data.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw LabError.io(path: path, detail: String(cString: strerror(errno)))
        }
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws {
        try write(Data(text.utf8), to: path, mode: mode)
    }

    static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }
}
