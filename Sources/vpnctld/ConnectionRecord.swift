import Foundation
import PluginKit
import SystemSupport

/// Written to `state_dir` from the moment a connection is asked for until
/// the user disconnects, so that a daemon starting after a crash knows a
/// connection was wanted (the firewall block stays: the kill switch holds)
/// and which plugin's leftovers to remove.
struct ConnectionRecord: Codable, Equatable {
    /// The plugin of the attempt under way or of the tunnel that is up.
    var plugin: String?
    var executable: String?
    var pid: Int32?
    /// The plugin's process group: it and every helper it started.
    var processGroup: Int32?
    /// The plugin's start: a group whose leader started at another time is
    /// someone else's, whatever it runs.
    var processStart: ProcessStart?
    var interface: String?

    static func path(in stateDirectory: String) -> String { "\(stateDirectory)/connection.json" }

    /// A record that cannot be read still means a connection was wanted.
    static func load(from stateDirectory: String) -> ConnectionRecord? {
        guard let data = FileManager.default.contents(atPath: path(in: stateDirectory)) else { return nil }
        return (try? JSONDecoder().decode(ConnectionRecord.self, from: data)) ?? ConnectionRecord()
    }

    func save(in stateDirectory: String) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        let path = Self.path(in: stateDirectory)
        do throws(PrivateFileError) {
            try PrivateFile.write(Array(data), to: path)
        } catch {
            DaemonLog.warning(error.description)
        }
    }

    static func remove(from stateDirectory: String) {
        unlink(path(in: stateDirectory))
    }
}
