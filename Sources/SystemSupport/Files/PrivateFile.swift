#if canImport(Glibc)
import Glibc
#endif

/// The one way vpnctl keeps a file of its own (caches, settings, keys, the
/// connection record): private to the owner from the first byte, and
/// replaced whole, so that readers see the old bytes or the new ones, never
/// a mix, even across a crash or power loss. A temporary file beside it is
/// written, fsynced, renamed over, and the directory fsynced.
public enum PrivateFile {
    /// Replaces `path` with `bytes`, mode `mode` (0600 unless said).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(PrivateFileError) {
        // O_EXCL: the temporary file is a new one of ours, created with
        // `mode` from the start, never one someone left (or linked) there.
        // A unique name, so two writers never share one.
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temporary = "\(path).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw .cannotWrite(path: path, errno: errno) }
        var failure = bytes.withUnsafeBytes { RawIO.writeAll(fd, $0) }
        // The umask may have taken bits `mode` asked for.
        if failure == 0, fchmod(fd, mode) != 0 { failure = errno }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw .cannotWrite(path: path, errno: failure)
        }
        let directoryFD = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// The whole file, or nil when it does not exist; larger than `limit` is an error.
    public static func read(_ path: String, limit: Int) throws(PrivateFileError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .cannotRead(path: path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, errno: errno) }
        return try read(descriptor: fd, path: path, size: Int(info.st_size), limit: limit)
    }

    private static func read(descriptor fd: Int32, path: String, size: Int, limit: Int) throws(PrivateFileError) -> [UInt8] {
        guard size <= limit else { throw .tooLarge(path: path, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, size - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw .cannotRead(path: path, errno: count < 0 ? errno : EIO) }
            offset += count
        }
        return bytes
    }

    /// Like `read`, for a file holding a secret: it must be a regular file
    /// (not a link), owned by this process's user, and neither readable nor
    /// writable by anyone else. Checked on the open file, so what is checked
    /// is what is read.
    public static func readSecret(_ path: String, limit: Int) throws(PrivateFileError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw .notPrivate(path: path, problem: "it is a symbolic link") }
            throw .cannotRead(path: path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notPrivate(path: path, problem: "it is not a regular file") }
        guard info.st_uid == geteuid() else { throw .notPrivate(path: path, problem: "it is owned by uid \(info.st_uid)") }
        guard info.st_mode & 0o077 == 0 else {
            throw .notPrivate(path: path, problem: "its mode is \(String(info.st_mode & 0o777, radix: 8)): others may read or change it")
        }
        return try read(descriptor: fd, path: path, size: Int(info.st_size), limit: limit)
    }

    /// Creates the directory, and any parent missing, mode 0700; one that
    /// exists is left as it is.
    public static func ensureDirectory(_ path: String) throws(PrivateFileError) {
        guard !path.isEmpty, path != "/" else { return }
        // mkdir's mode is masked by the umask, which is the whole process's.
        if mkdir(path, 0o700) == 0 {
            chmod(path, 0o700)
            return
        }
        switch errno {
        case EEXIST:
            return
        case ENOENT:
            try ensureDirectory(directory(of: path))
            if mkdir(path, 0o700) == 0 {
                chmod(path, 0o700)
            } else if errno != EEXIST {
                throw .cannotWrite(path: path, errno: errno)
            }
        default:
            throw .cannotWrite(path: path, errno: errno)
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
