#if canImport(Glibc)
import Glibc
#endif
import Netlink

/// A network namespace of the test's own. A dedicated thread unshares into a fresh
/// namespace and opens the sockets there; sockets keep the namespace of the thread that
/// created them, so the test then drives the library from any thread, and the machine's
/// own namespace is never touched. The namespace lives exactly as long as its sockets:
/// `close()` (or the process ending, however it ends) deletes it and everything in it.
final class TestNamespace: Sendable {
    let route: RTNetlink
    let generic: NetlinkSocket

    private init(route: RTNetlink, generic: NetlinkSocket) {
        self.route = route
        self.generic = generic
    }

    static func create() async throws -> TestNamespace {
        try await NetlinkThread.run { () throws -> TestNamespace in
            try enterNewNetworkNamespace()
            return TestNamespace(route: try RTNetlink(), generic: try NetlinkSocket(.generic))
        }
    }

    func close() {
        route.socket.close()
        generic.close()
    }
}

struct NamespaceError: Error, CustomStringConvertible {
    let description: String
}

/// unshare(CLONE_NEWNET) for the calling thread only. Glibc's Swift module does not
/// export unshare(2) (a _GNU_SOURCE declaration), so it is looked up at run time.
private func enterNewNetworkNamespace() throws {
    typealias Unshare = @convention(c) (Int32) -> Int32
    let cloneNewNet: Int32 = 0x4000_0000 // CLONE_NEWNET, linux/sched.h
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "unshare") else {
        throw NamespaceError(description: "unshare(2) not found in libc")
    }
    let unshare = unsafeBitCast(symbol, to: Unshare.self)
    guard unshare(cloneNewNet) == 0 else {
        throw NamespaceError(description: "unshare(CLONE_NEWNET) failed: errno \(errno); kernel tests need root")
    }
}
