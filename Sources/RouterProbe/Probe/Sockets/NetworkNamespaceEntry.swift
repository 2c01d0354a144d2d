#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// Enters a network namespace for the calling thread only.
enum NetworkNamespaceEntry {
    /// setns(2) for the calling thread. Glibc's Swift module leaves setns out
    /// (a _GNU_SOURCE declaration), so it is looked up at run time.
    static func enter(_ path: String) throws(NamespaceEntryError) {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        let cloneNewNet: Int32 = 0x4000_0000 // CLONE_NEWNET, linux/sched.h
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns") else {
            throw NamespaceEntryError(path: path, reason: "setns(2) is not in this C library")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw NamespaceEntryError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard unsafeBitCast(symbol, to: SetNS.self)(descriptor, cloneNewNet) == 0 else {
            throw NamespaceEntryError(path: path, reason: "setns: \(String(cString: strerror(errno)))")
        }
    }
}
