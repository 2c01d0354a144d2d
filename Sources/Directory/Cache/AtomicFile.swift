import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file so that readers see the old bytes or the new ones, never a
/// mix, even across a crash or power loss: write a temporary file beside it,
/// fsync, rename over, fsync the directory. Public: the daemon keeps its
/// settings with it too, rather than with a writer of its own.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(CacheError) {
        let directory = (path as NSString).deletingLastPathComponent
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
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fchmod(fd, mode) != 0 { failure = errno }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw .cannotWrite(path: path, errno: failure)
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// The whole file, or nil when it does not exist.
    public static func read(_ path: String, limit: Int) throws(CacheError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .cannotRead(path: path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, errno: errno) }
        let size = Int(info.st_size)
        guard size <= limit else { throw .corrupt(path: path, reason: "it is larger than \(limit) bytes") }
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

    /// Creates the directory (and parents) private to the owner if missing.
    public static func ensureDirectory(_ path: String) throws(CacheError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: path, errno: (error as NSError).code == 0 ? EIO : Int32((error as NSError).code))
        }
    }
}
