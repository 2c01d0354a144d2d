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
    /// or `executable` is a `#!` script and `pid` is its interpreter
    /// running it, as the kernel starts one (the interpreter's image, the
    /// script's path as argv[1]). An editor with the plugin's path in its
    /// arguments is neither.
    static func runs(_ pid: pid_t, executable: String) -> Bool {
        let wanted = resolved(executable)
        guard let image = self.image(of: pid) else { return false }
        if image == wanted { return true }
        guard let interpreter = interpreter(of: wanted), interpreter.matches(image),
              let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let arguments = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        return arguments.count > 1 && resolved(arguments[1]) == wanted
    }

    /// The file a process runs; an upgrade that replaced it leaves the old
    /// image "(deleted)".
    private static func image(of pid: pid_t) -> String? {
        guard let image = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe") else { return nil }
        return image.hasSuffix(" (deleted)") ? String(image.dropLast(" (deleted)".count)) : image
    }

    /// A script's interpreter, from its `#!` line: a path, or a program
    /// name that `/usr/bin/env` looks up.
    private enum Interpreter {
        case path(String)
        case named(String)

        func matches(_ image: String) -> Bool {
            switch self {
            case let .path(path): return image == path
            // python3 runs as /usr/bin/python3.11.
            case let .named(name): return image.split(separator: "/").last.map { $0 == name || $0.hasPrefix(name + ".") } ?? false
            }
        }
    }

    private static func interpreter(of script: String) -> Interpreter? {
        guard let handle = FileHandle(forReadingAtPath: script) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 256), head.starts(with: Array("#!".utf8)),
              let line = String(decoding: head.dropFirst(2), as: UTF8.self).split(separator: "\n").first else { return nil }
        let words = line.split(separator: " ").map(String.init)
        guard let program = words.first else { return nil }
        if program.hasSuffix("/env"), words.count > 1 { return .named(words[1]) }
        return .path(resolved(program))
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

    /// /proc/PID/stat's starttime (field 22), counted like `status` from
    /// the end of the command name.
    static func startTicks(of pid: pid_t) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    private static func resolved(_ path: String) -> String {
        guard path.hasPrefix("/"), let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
