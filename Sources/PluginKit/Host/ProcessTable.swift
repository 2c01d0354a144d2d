import Foundation

/// What /proc says about processes that are not our children: a dead
/// daemon's plugin and its helpers, found again by their process group.
enum ProcessTable {
    /// The live members of process group `group`. A zombie is gone for
    /// every purpose but its number, once all its threads are: a killed
    /// process's main thread can be a zombie while its other threads are
    /// still on their way out, holding its descriptors (a TUN interface).
    static func members(ofGroup group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let (state, processGroup) = status(of: pid), processGroup == group else { return false }
            return isLive(state) || threads(of: pid).contains { status(of: pid, thread: $0).map { isLive($0.state) } ?? false }
        }.sorted()
    }

    /// True when `pid` runs `executable`: its /proc/PID/exe is that file,
    /// or it is a script of that path run by its interpreter (argv[0] or
    /// argv[1] names it, as the kernel starts `#!` scripts).
    static func runs(_ pid: pid_t, executable: String) -> Bool {
        let wanted = resolved(executable)
        if let image = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe") {
            // An upgrade that replaced the binary leaves the old image "(deleted)".
            let image = image.hasSuffix(" (deleted)") ? String(image.dropLast(" (deleted)".count)) : image
            if image == wanted { return true }
        }
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let arguments = data.split(separator: 0, omittingEmptySubsequences: false).prefix(2).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains { $0 == executable || resolved($0) == wanted }
    }

    private static func isLive(_ state: Character) -> Bool { state != "Z" && state != "X" }

    private static func threads(of pid: pid_t) -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap(pid_t.init)
    }

    /// The state letter and process group from /proc/PID/stat (or a
    /// thread's, under task/); the fields are counted from the end of the
    /// command name, which may hold spaces and parentheses of its own.
    static func status(of pid: pid_t, thread: pid_t? = nil) -> (state: Character, group: pid_t)? {
        let path = thread.map { "/proc/\(pid)/task/\($0)/stat" } ?? "/proc/\(pid)/stat"
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let group = pid_t(fields[2]) else { return nil }
        return (state, group)
    }

    private static func resolved(_ path: String) -> String {
        guard path.hasPrefix("/"), let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
