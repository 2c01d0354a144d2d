#if canImport(Glibc)
import Glibc
#endif

/// Whether only trusted users can change a path: the file (or directory)
/// and every directory above it, up to `/`, as named and as resolved
/// through links. What the daemon runs as root (plugins), reads as root
/// (the configuration, descriptors) or keeps its state in must not be
/// replaceable by anyone else, and a file that is safe itself is not when a
/// directory above it lets others rename it away and put theirs in its place.
///
/// Trusted users are root and the process's own user. A directory others
/// may write is accepted only with the sticky bit (as /tmp): there nobody
/// may rename or remove an entry that is not theirs.
public enum OwnedPath {
    public enum Kind: Sendable {
        case file
        case directory
    }

    public static func check(_ path: String, is kind: Kind) throws(OwnedPathError) {
        guard path.hasPrefix("/"), !path.contains("\0") else { throw .notAbsolute(path) }
        try checkChain(path, final: kind)
        // The links on the way are checked above as named; their targets here.
        guard let resolved = realpath(path, nil) else { throw .cannotInspect(path: path, errno: errno) }
        let real = String(cString: resolved)
        free(resolved)
        if real != path { try checkChain(real, final: kind) }
    }

    private static var trusted: Set<uid_t> { [0, geteuid()] }

    /// Every prefix of `path`, from `/`, with lstat: links by owner (their
    /// own mode means nothing), directories by owner and mode, the last by
    /// its kind too.
    private static func checkChain(_ path: String, final kind: Kind) throws(OwnedPathError) {
        let components = path.split(separator: "/").map(String.init)
        var prefix = ""
        for (index, component) in ([""] + components).enumerated() {
            prefix = index == 0 ? "/" : (prefix == "/" ? "/" : prefix + "/") + component
            var info = stat()
            guard lstat(prefix, &info) == 0 else { throw .cannotInspect(path: prefix, errno: errno) }
            let isLast = index == components.count
            let type = info.st_mode & S_IFMT
            guard trusted.contains(info.st_uid) else { throw .foreignOwner(path: prefix, uid: info.st_uid) }
            if type == S_IFLNK { continue }
            let writableByOthers = info.st_mode & 0o022 != 0
            if isLast {
                switch kind {
                case .file: guard type == S_IFREG else { throw .wrongKind(path: prefix, expected: "a regular file") }
                case .directory: guard type == S_IFDIR else { throw .wrongKind(path: prefix, expected: "a directory") }
                }
                guard !writableByOthers else { throw .writableByOthers(path: prefix, mode: info.st_mode & 0o7777) }
            } else {
                guard type == S_IFDIR else { throw .wrongKind(path: prefix, expected: "a directory") }
                guard !writableByOthers || info.st_mode & S_ISVTX != 0 else {
                    throw .writableByOthers(path: prefix, mode: info.st_mode & 0o7777)
                }
            }
        }
    }
}

/// Why a path is not one only trusted users control; names the culprit.
public enum OwnedPathError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAbsolute(String)
    case cannotInspect(path: String, errno: Int32)
    case foreignOwner(path: String, uid: uid_t)
    case writableByOthers(path: String, mode: mode_t)
    case wrongKind(path: String, expected: String)

    public var description: String {
        switch self {
        case let .notAbsolute(path):
            "\(path) is not an absolute path"
        case let .cannotInspect(path, code):
            "cannot inspect \(path): \(String(cString: strerror(code)))"
        case let .foreignOwner(path, uid):
            "\(path) is owned by uid \(uid), not by root: anyone who owns it could change what it holds (chown root \(path))"
        case let .writableByOthers(path, mode):
            "\(path) is writable by group or others (mode \(String(mode, radix: 8))): chmod go-w \(path)"
        case let .wrongKind(path, expected):
            "\(path) is not \(expected)"
        }
    }
}
