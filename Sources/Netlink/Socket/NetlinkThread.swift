import SystemSupport

/// Runs blocking netlink work on a dedicated OS thread (SystemSupport's
/// `DedicatedThread`): `NetlinkSocket` blocks in `recv`.
///
///     let links = try await NetlinkThread.run { try client.links() }
///
/// Work that must happen in another network namespace can enter it on this
/// thread (sockets opened there stay in that namespace). Cancellation is
/// not observed: a blocked call ends at the socket's receive timeout.
public enum NetlinkThread {
    public static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        try await DedicatedThread.run(orHere: work)
    }
}
