import Foundation
import Synchronization
import SystemSupport
import VPNCore

/// The server list and account answers kept in `cache_dir`.
///
/// The list lives in one file: a header line (ETag, fetch time, section
/// lengths), the signed bytes exactly as downloaded, their signature, and a
/// compact listing index. One file means one atomic rename, so list,
/// signature, ETag and index can never disagree.
public struct DirectoryCache: Sendable {
    public let directory: String
    /// The listing last read, for as long as the file is that version: the
    /// daemon answers every `locations` and `servers` from it, and reading,
    /// checking and indexing megabytes again per request is most of their time.
    private let lastListing = ListingMemo()

    static let magic = Array("vpnctl-server-list-cache 1\n".utf8)
    static let maximumSize = 2 * ServerListParser.maximumSize

    public init(directory: String) {
        self.directory = directory
    }

    var serverListPath: String { "\(directory)/server-list.cache" }
    var accountPath: String { "\(directory)/account.json" }

    // MARK: Server list

    /// The cached list in full, parsed from the signed JSON: what connecting needs.
    public func loadServerList() throws(CacheError) -> CachedServerList? {
        guard let file = try CacheFile(openingIfPresent: serverListPath) else { return nil }
        let header = try file.readHeader()
        let document = try file.read(header.documentRange)
        let signature = try file.read(header.signatureRange)
        let list: ServerList
        do {
            list = try ServerListParser.parse(document)
        } catch {
            throw .corrupt(path: serverListPath, reason: "\(error)")
        }
        return CachedServerList(
            list: list, document: VerifiedDocument(bytes: document, signature: signature),
            etag: header.etag, fetchedAt: header.fetchedAt
        )
    }

    /// The cached list for showing and choosing, from the listing index; the
    /// megabytes of JSON are not read.
    public func loadListing() throws(CacheError) -> CachedListing? {
        guard let file = try CacheFile(openingIfPresent: serverListPath) else { return nil }
        if let kept = lastListing.value(for: file.identity) { return kept }
        let header = try file.readHeader()
        let catalog: IndexedCatalog
        do {
            catalog = try IndexedCatalog(bytes: try file.read(header.indexRange))
        } catch let error as ListingIndexError {
            throw .corrupt(path: serverListPath, reason: "listing index: \(error)")
        } catch {
            throw error as! CacheError
        }
        let listing = CachedListing(catalog: catalog, etag: header.etag, fetchedAt: header.fetchedAt)
        lastListing.keep(listing, for: file.identity)
        return listing
    }

    /// Stores a verified list. `entry` must carry its document.
    public func store(_ entry: CachedServerList) throws(CacheError) {
        let document = entry.document
        let index = ListingIndex.encode(entry.list)
        var header = JSONObjectWriter()
        header.add("document_length", document.bytes.count)
        header.add("signature_length", document.signature.count)
        header.add("index_length", index.count)
        header.add("fetched_at", entry.fetchedAt.timeIntervalSince1970)
        if let etag = entry.etag { header.add("etag", etag) }
        let bytes = Self.magic + Array(header.text.utf8) + [0x0A] + document.bytes + document.signature + index
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

/// The cached list as its listing index answers it.
public struct CachedListing: Sendable {
    public let catalog: IndexedCatalog
    public let etag: String?
    public let fetchedAt: Date
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

/// One listing and the version of the cache file it was read from.
private final class ListingMemo: Sendable {
    private let kept = Mutex<(identity: CacheFile.Identity, listing: CachedListing)?>(nil)

    func value(for identity: CacheFile.Identity) -> CachedListing? {
        kept.withLock { $0?.identity == identity ? $0?.listing : nil }
    }

    func keep(_ listing: CachedListing, for identity: CacheFile.Identity) {
        kept.withLock { $0 = (identity, listing) }
    }
}
