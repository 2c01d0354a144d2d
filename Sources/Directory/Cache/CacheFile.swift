import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The server-list cache file opened for reading: its header, then its
/// sections read with `pread`.
final class CacheFile {
    struct Header {
        let documentRange: Range<Int>
        let signatureRange: Range<Int>
        let etag: String?
        let fetchedAt: Date
    }

    /// What tells this version of the file from any other: a store renames
    /// a new file over it, so the inode (and size, and time) change.
    struct Identity: Hashable, Sendable {
        let device: UInt64
        let inode: UInt64
        let size: Int
        let modified: Int
        let modifiedNanoseconds: Int
    }

    let path: String
    let identity: Identity
    private let descriptor: Int32
    private let size: Int

    init?(openingIfPresent path: String) throws(CacheError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .cannotRead(path: path, errno: errno)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw .cannotRead(path: path, errno: code)
        }
        size = Int(info.st_size)
        identity = Identity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: size,
            modified: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec
        )
    }

    deinit {
        close(descriptor)
    }

    func readHeader() throws(CacheError) -> Header {
        let prefix = try read(0..<min(size, 4096))
        let magic = DirectoryCache.magic
        guard prefix.starts(with: magic), let newline = prefix[magic.count...].firstIndex(of: 0x0A) else {
            throw corrupt("unknown format")
        }
        guard case let .object(header)? = try? JSONParser.parse(prefix[magic.count..<newline]),
              let documentLength = header.integer("document_length"),
              let signatureLength = header.integer("signature_length"),
              case let .number(fetchedAt)? = header["fetched_at"],
              newline + 1 + documentLength + signatureLength == size
        else { throw corrupt("the header does not match the contents") }
        let documentStart = newline + 1
        let signatureStart = documentStart + documentLength
        var etag: String?
        if case let .string(text)? = header["etag"] { etag = text }
        return Header(
            documentRange: documentStart..<signatureStart,
            signatureRange: signatureStart..<size,
            etag: etag,
            fetchedAt: Date(timeIntervalSince1970: fetchedAt)
        )
    }

    func read(_ range: Range<Int>) throws(CacheError) -> [UInt8] {
        try withBytes(range) { Array($0) }
    }

    func withBytes<T>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws(CacheError) -> T) throws(CacheError) -> T {
        guard range.lowerBound >= 0, range.upperBound <= size else { throw corrupt("a section lies outside the file") }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(range.count, 1))
        defer { buffer.deallocate() }
        var done = 0
        while done < range.count {
            let count = pread(descriptor, buffer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw .cannotRead(path: path, errno: count < 0 ? errno : EIO) }
            done += count
        }
        return try body(UnsafeBufferPointer(rebasing: buffer[..<range.count]))
    }

    private func corrupt(_ reason: String) -> CacheError {
        .corrupt(path: path, reason: reason)
    }
}

private extension JSONObject {
    func integer(_ key: String) -> Int? {
        guard case let .number(value)? = self[key], value >= 0, value < 1e12, value.rounded() == value else { return nil }
        return Int(value)
    }
}
