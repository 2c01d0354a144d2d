#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes on a bare descriptor that neither stop short nor give
/// up on a signal: what `read(2)` and `write(2)` leave to their callers.
public enum RawIO {
    /// Writes every byte; 0, or the errno that stopped it.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Writes every byte of the text; 0, or the errno that stopped it.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    /// Up to `limit` bytes of the file at `path` from `offset` on; nil when
    /// it cannot be opened or read.
    public static func read(_ path: String, from offset: UInt64, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, limit - filled, off_t(offset) + off_t(filled)) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            filled += count
        }
        return Array(bytes.prefix(filled))
    }
}
