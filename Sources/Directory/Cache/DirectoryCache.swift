import Foundation
import Synchronization
import SystemSupport
import VPNCore

/// The server list and account answers kept in `cache_dir`.
///
/// The list lives in one file: a header line (ETag, fetch time, section
/// lengths), the signed bytes exactly as downloaded, and their signature.
/// One file means one atomic rename, so list, signature and ETag can never
/// disagree. Every load checks the signature again: the cache directory is
/// not trusted to hold only what was verified when it was written.
public struct DirectoryCache: Sendable {
    public let directory: String
    /// The list last read, for as long as the file is that version: the
    /// daemon answers every `locations`, `servers` and `connect` from it,
    /// and verifying and parsing megabytes again per request would be most
    /// of their time.
    private let lastList = ListMemo()

    static let magic = Array("vpnctl-server-list-cache 2\n".utf8)

    public init(directory: String) {
        self.directory = directory
    }

    var serverListPath: String { "\(directory)/server-list.cache" }
    var accountPath: String { "\(directory)/account.json" }

    // MARK: Server list

    /// The cached list, its signature checked with `key`, then parsed.
    public func loadServerList(verifiedWith key: DirectoryPublicKey) throws(CacheError) -> CachedServerList? {
        guard let file = try CacheFile(openingIfPresent: serverListPath) else { return nil }
        if let kept = lastList.value(for: file.identity, key: key) { return kept }
        let header = try file.readHeader()
        let bytes = try file.read(header.documentRange), signature = try file.read(header.signatureRange)
        let document: VerifiedDocument
        do throws(SignatureError) {
            document = try key.verify(bytes, signature: signature)
        } catch {
            throw .unverified(path: serverListPath, reason: error.description)
        }
        let list: ServerList
        do {
            list = try ServerListParser.parse(document.bytes)
        } catch {
            throw .corrupt(path: serverListPath, reason: "\(error)")
        }
        let entry = CachedServerList(list: list, document: document, etag: header.etag, fetchedAt: header.fetchedAt)
        lastList.keep(entry, for: file.identity, key: key)
        return entry
    }

    /// Stores a verified list. `entry` must carry its document.
    public func store(_ entry: CachedServerList) throws(CacheError) {
        let document = entry.document
        var header = JSONObjectWriter()
        header.add("document_length", document.bytes.count)
        header.add("signature_length", document.signature.count)
        header.add("fetched_at", entry.fetchedAt.timeIntervalSince1970)
        if let etag = entry.etag { header.add("etag", etag) }
        let bytes = Self.magic + Array(header.text.utf8) + [0x0A] + document.bytes + document.signature
        do throws(PrivateFileError) {
            try PrivateFile.ensureDirectory(directory)
            try PrivateFile.write(bytes, to: serverListPath)
        } catch {
            throw CacheError(error)
        }
    }

    // MARK: Account

    public func loadAccount() throws(CacheError) -> CachedAccount? {
        let read: [UInt8]?
        do throws(PrivateFileError) {
            read = try PrivateFile.read(accountPath, limit: 64 * 1024)
        } catch {
            throw CacheError(error)
        }
        guard let bytes = read else { return nil }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            return try decoder.decode(CachedAccount.self, from: Data(bytes))
        } catch {
            throw .corrupt(path: accountPath, reason: "not a cached account")
        }
    }

    public func store(_ account: CachedAccount) throws(CacheError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array((try? encoder.encode(account)) ?? Data())
        do throws(PrivateFileError) {
            try PrivateFile.ensureDirectory(directory)
            try PrivateFile.write(bytes, to: accountPath)
        } catch {
            throw CacheError(error)
        }
    }
}

/// A verified server list as cached, with what HTTP said about it.
public struct CachedServerList: Sendable {
    public let list: ServerList
    public let document: VerifiedDocument
    public let etag: String?
    public let fetchedAt: Date

    public init(list: ServerList, document: VerifiedDocument, etag: String?, fetchedAt: Date) {
        self.list = list
        self.document = document
        self.etag = etag
        self.fetchedAt = fetchedAt
    }

    /// The same list, seen again now (a 304 answer).
    func refreshed(at date: Date) -> CachedServerList {
        CachedServerList(list: list, document: document, etag: etag, fetchedAt: date)
    }
}

/// The account's tier as last reported, keyed by a hash of the token so that
/// a changed token never inherits another account's tier.
public struct CachedAccount: Sendable, Codable, Hashable {
    public let account: Account
    public let tokenDigest: String
    public let fetchedAt: Date

    public init(account: Account, tokenDigest: String, fetchedAt: Date) {
        self.account = account
        self.tokenDigest = tokenDigest
        self.fetchedAt = fetchedAt
    }
}

/// One list, and the version of the cache file and the key it was read
/// and verified with.
private final class ListMemo: Sendable {
    private let kept = Mutex<(identity: CacheFile.Identity, key: DirectoryPublicKey, entry: CachedServerList)?>(nil)

    func value(for identity: CacheFile.Identity, key: DirectoryPublicKey) -> CachedServerList? {
        kept.withLock { kept in
            guard let kept, kept.identity == identity, kept.key == key else { return nil }
            return kept.entry
        }
    }

    func keep(_ entry: CachedServerList, for identity: CacheFile.Identity, key: DirectoryPublicKey) {
        kept.withLock { $0 = (identity, key, entry) }
    }
}
