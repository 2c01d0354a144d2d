#if canImport(Glibc)
import Glibc
#endif

/// The kernel's WireGuard, through its generic netlink family: the messages `wg show`
/// and `wg set` send.
public struct WireGuardNetlink: Sendable {
    public let socket: NetlinkSocket
    public let family: GenericNetlinkFamily

    /// Opens a NETLINK_GENERIC socket in the calling thread's network namespace and
    /// resolves the `wireguard` family. Throws `kernelLacksWireGuard` when the kernel
    /// has none: the caller's cue to use wireguard-go.
    public init() throws(NetlinkError) {
        try self.init(socket: try NetlinkSocket(.generic))
    }

    public init(socket: NetlinkSocket) throws(NetlinkError) {
        let generic = try GenericNetlink(socket: socket)
        do {
            family = try generic.family(named: WireGuardUAPI.familyName)
        } catch {
            if case .familyNotFound = error {
                throw .kernelLacksWireGuard(operation: "resolve generic netlink family \(WireGuardUAPI.familyName)",
                                            errno: ENOENT, message: nil)
            }
            throw error
        }
        self.socket = socket
    }

    /// The interface's configuration and peers (`wg show`).
    public func device(_ interface: LinkSelector) throws(NetlinkError) -> WireGuardDevice {
        let operation = "read WireGuard \(interface)"
        let replies = try socket.dump(try WireGuardMessages.getDevice(interface, familyID: family.id), operation: operation)
        do {
            return try WireGuardMessages.decodeDevice(replies.filter { $0.header.type == family.messageType })
        } catch {
            throw .malformedReply(operation: operation, error)
        }
    }

    /// Applies an update (`wg set` / `wg setconf`), split into as many messages as it
    /// takes; each is acknowledged before the next is sent. A failure names the message.
    public func configure(_ update: WireGuardDeviceUpdate, sizeLimit: Int = WireGuardMessages.defaultSizeLimit) throws(NetlinkError) {
        let requests = try WireGuardMessages.setDevice(update, familyID: family.id, sizeLimit: sizeLimit)
        for (number, request) in requests.enumerated() {
            let part = requests.count == 1 ? "" : " (message \(number + 1) of \(requests.count))"
            try socket.execute(request, operation: "configure WireGuard \(update.interface)\(part)")
        }
    }
}
