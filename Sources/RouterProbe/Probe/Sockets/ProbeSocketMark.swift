#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// Puts the probe thread's firewall mark on a socket it opens, before the
/// socket sends anything: the one place both socket kinds call.
enum ProbeSocketMark {
    /// SO_MARK (asm-generic/socket.h).
    static let option: Int32 = 36

    /// Sets `ProbeThread.socketMark` on `descriptor` when there is one; a
    /// failure is thrown, never passed over, so that no packet goes out
    /// unmarked when a mark was asked for.
    static func apply(to descriptor: Int32) throws(ProbeSocketError) {
        guard let mark = ProbeThread.socketMark else { return }
        var value = mark
        guard setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<UInt32>.size)) == 0 else {
            throw .socketMarkFailed(mark: mark, errno: errno)
        }
    }
}
