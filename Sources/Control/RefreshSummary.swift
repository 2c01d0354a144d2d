import FoundationEssentials
import Glibc

/// `vpnctl refresh --json`: what the fetch brought (README: JSON output).
public struct RefreshSummary: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case updated
        case notModified = "not_modified"
    }

    public var status: Status
    public var locations: Int
    public var servers: Int
    public var generatedAt: Date
    public var expiresAt: Date?

    public init(status: Status, locations: Int, servers: Int, generatedAt: Date, expiresAt: Date?) {
        self.status = status
        self.locations = locations
        self.servers = servers
        self.generatedAt = generatedAt
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case status, locations, servers
        case generatedAt = "generated_at"
        case expiresAt = "expires_at"
    }
}
