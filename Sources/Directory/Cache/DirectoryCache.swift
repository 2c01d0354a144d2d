import Foundation
import VPNCore

/// The server list and account answers kept in `cache_dir`.
///
/// The list lives in one file: a header line with the ETag and fetch time,
/// then the signed bytes exactly as downloaded, then their signature. One file
/// means one atomic rename, so list, signature and ETag can never disagree.
public struct DirectoryCache: Sendable {
    public let directory: String

    static let magic = Array("vpnctl-server-list-cache 1\n".utf8)
    static let maximumSize = ServerListParser.maximumSize + 64 * 1024

    public init(directory: String) {
        self.directory = directory
    }

    var serverListPath: String { "\(directory)/server-list.cache" }
    var accountPath: String { "\(directory)/account.json" }

    // MARK: Server list

    public func loadServerList() throws(CacheError) -> CachedServerList? {
        guard let bytes = try AtomicFile.read(serverListPath, limit: Self.maximumSize) else { return nil }
        return try CachedServerList(containerBytes: bytes, path: serverListPath)
    }

    public func store(_ entry: CachedServerList) throws(CacheError) {
        try AtomicFile.ensureDirectory(directory)
        try AtomicFile.write(entry.containerBytes, to: serverListPath)
    }

    // MARK: Account

    public func loadAccount() throws(CacheError) -> CachedAccount? {
        guard let bytes = try AtomicFile.read(accountPath, limit: 64 * 1024) else { return nil }
        do {
            return try JSONDecoder().decode(CachedAccount.self, from: Data(bytes))
        } catch {
            throw .corrupt(path: accountPath, reason: "not a cached account")
        }
    }

    public func store(_ account: CachedAccount) throws(CacheError) {
        try AtomicFile.ensureDirectory(directory)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array((try? encoder.encode(account)) ?? Data())
        try AtomicFile.write(bytes, to: accountPath)
    }
}

/// A verified server list as cached: the signed bytes and what HTTP said.
public struct CachedServerList: Sendable {
    public let document: VerifiedDocument
    public let etag: String?
    public let fetchedAt: Date

    public init(document: VerifiedDocument, etag: String?, fetchedAt: Date) {
        self.document = document
        self.etag = etag
        self.fetchedAt = fetchedAt
    }

    var containerBytes: [UInt8] {
        var header = JSONObjectWriter()
        header.add("document_length", document.bytes.count)
        header.add("signature_length", document.signature.count)
        header.add("fetched_at", fetchedAt.timeIntervalSince1970)
        if let etag { header.add("etag", etag) }
        return DirectoryCache.magic + Array(header.text.utf8) + [0x0A] + document.bytes + document.signature
    }

    init(containerBytes bytes: [UInt8], path: String) throws(CacheError) {
        func corrupt(_ reason: String) -> CacheError { .corrupt(path: path, reason: reason) }
        let magic = DirectoryCache.magic
        guard bytes.count > magic.count, bytes.starts(with: magic) else { throw corrupt("unknown format") }
        guard let newline = bytes[magic.count...].firstIndex(of: 0x0A) else { throw corrupt("no header") }
        guard case let .object(header)? = try? JSONParser.parse(bytes[magic.count..<newline]),
              case let .number(documentLength)? = header["document_length"],
              case let .number(signatureLength)? = header["signature_length"],
              case let .number(fetchedAt)? = header["fetched_at"],
              documentLength >= 0, signatureLength >= 0,
              Int(documentLength) + Int(signatureLength) == bytes.count - newline - 1
        else { throw corrupt("the header does not match the contents") }
        let documentStart = newline + 1
        let signatureStart = documentStart + Int(documentLength)
        var etag: String?
        if case let .string(text)? = header["etag"] { etag = text }
        self.document = VerifiedDocument(
            bytes: Array(bytes[documentStart..<signatureStart]),
            signature: Array(bytes[signatureStart...])
        )
        self.etag = etag
        self.fetchedAt = Date(timeIntervalSince1970: fetchedAt)
    }

    /// The same list, seen again now (a 304 answer).
    func refreshed(at date: Date) -> CachedServerList {
        CachedServerList(document: document, etag: etag, fetchedAt: date)
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
