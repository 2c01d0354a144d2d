import Foundation

/// Counts, in a namespace's output path, the packets to a server that
/// carry the tunnel's mark 0xca6c (51820) and those that would leave
/// without it and outside an IPsec policy: the kill switch lets only
/// marked packets reach the server while it blocks, so a tunnel's
/// transport must send none of the second kind. Its own nftables table,
/// removed by `remove()` (a namespace's snapshot is taken without it).
public struct MarkCounter: Sendable {
    public static let table = "vpnctl_markcount"
    public let namespace: String
    public let server: String

    public init(namespace: String, server: String) throws {
        self.namespace = namespace
        self.server = server
        _ = try Shell.output(["ip", "netns", "exec", namespace, "nft", "-f", "-"], input: """
        table inet \(Self.table) {
            counter marked {}
            counter unmarked {}
            chain output {
                type filter hook output priority 0; policy accept;
                ip daddr \(server) meta mark 0xca6c counter name "marked"
                ip daddr \(server) meta mark != 0xca6c rt ipsec missing counter name "unmarked"
            }
        }
        """)
    }

    /// Packets counted so far.
    public func counts() throws -> (marked: Int, unmarked: Int) {
        (try packets("marked"), try packets("unmarked"))
    }

    public func remove() {
        _ = try? Shell.output("ip", "netns", "exec", namespace, "nft", "delete", "table", "inet", Self.table)
    }

    struct UnreadableCount: Error, CustomStringConvertible {
        let listing: String
        var description: String { "no packet count in: \(listing)" }
    }

    private func packets(_ counter: String) throws -> Int {
        let listing = try Shell.output("ip", "netns", "exec", namespace, "nft", "list", "counter", "inet", Self.table, counter)
        guard let range = listing.range(of: #"packets (\d+)"#, options: .regularExpression),
              let count = Int(listing[range].dropFirst("packets ".count)) else {
            throw UnreadableCount(listing: listing)
        }
        return count
    }
}
