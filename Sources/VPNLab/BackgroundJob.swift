import Foundation

/// A command `up` starts early and waits for later, so that slow work (the
/// OpenVPN PKI's openssl runs) overlaps with building the namespaces.
struct BackgroundJob {
    let command: String
    let pid: pid_t
    let log: String

    /// Output goes to `log`; like a daemon it carries the lab's marker, so
    /// `down` stops it when `up` was killed before waiting for it.
    static func start(_ arguments: [String], log: String) throws -> BackgroundJob {
        let pid = try Subprocess.spawnDaemon(arguments, log: log)
        return BackgroundJob(command: arguments.joined(separator: " "), pid: pid, log: log)
    }

    func wait() throws {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw LabError.cannotStart(command: command, reason: "waitpid: \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            throw LabError.commandFailed(command: command, status: code, output: Files.read(log) ?? "")
        }
    }
}
