#if canImport(Glibc)
import Glibc
#endif
import Netlink

/// A network namespace of the test's own, made by unshare(CLONE_NEWNET) on a
/// `NetlinkThread` (as NetlinkTests' kernel tests do): the sockets opened there stay in
/// it, and the machine's own namespace is never touched. A descriptor of the namespace
/// is kept too, so reference tools can enter it (`nsenter --net=\(path)`). `close()` (or
/// the process ending) deletes the namespace and everything in it.
final class PrivateNamespace: Sendable {
    let route: RTNetlink
    let generic: NetlinkSocket
    private let descriptor: Int32

    private init(route: RTNetlink, generic: NetlinkSocket, descriptor: Int32) {
        self.route = route
        self.generic = generic
        self.descriptor = descriptor
    }

    static func create() async throws -> PrivateNamespace {
        try await NetlinkThread.run { () throws -> PrivateNamespace in
            try unshareNetworkNamespace()
            let descriptor = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw NamespaceError(description: "open /proc/thread-self/ns/net: errno \(errno)") }
            return PrivateNamespace(route: try RTNetlink(), generic: try NetlinkSocket(.generic), descriptor: descriptor)
        }
    }

    /// A path naming the namespace while this object is open.
    var path: String { "/proc/\(getpid())/fd/\(descriptor)" }

    func close() {
        route.socket.close()
        generic.close()
        _ = Glibc.close(descriptor)
    }
}

struct NamespaceError: Error, CustomStringConvertible {
    let description: String
}

/// unshare(CLONE_NEWNET) for the calling thread only. Glibc's Swift module does not
/// export unshare(2) (a _GNU_SOURCE declaration), so it is looked up at run time.
private func unshareNetworkNamespace() throws {
    typealias Unshare = @convention(c) (Int32) -> Int32
    let cloneNewNet: Int32 = 0x4000_0000 // CLONE_NEWNET, linux/sched.h
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "unshare") else {
        throw NamespaceError(description: "unshare(2) not found in libc")
    }
    guard unsafeBitCast(symbol, to: Unshare.self)(cloneNewNet) == 0 else {
        throw NamespaceError(description: "unshare(CLONE_NEWNET) failed: errno \(errno); kernel tests need root")
    }
}
