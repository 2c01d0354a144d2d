import Foundation

/// What is up, written to `state_dir` while a tunnel exists, so that a
/// daemon starting after a crash knows what the crashed one left behind.
struct TunnelRecord: Codable, Equatable {
    var plugin: String
    var executable: String
    var pid: Int32
    var interface: String?

    static func path(in stateDirectory: String) -> String { "\(stateDirectory)/tunnel.json" }

    static func load(from stateDirectory: String) -> TunnelRecord? {
        guard let data = FileManager.default.contents(atPath: path(in: stateDirectory)) else { return nil }
        return try? JSONDecoder().decode(TunnelRecord.self, from: data)
    }

    func save(in stateDirectory: String) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        let path = Self.path(in: stateDirectory)
        let temporary = path + ".tmp"
        FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        rename(temporary, path)
    }

    static func remove(from stateDirectory: String) {
        unlink(path(in: stateDirectory))
    }
}
