#if canImport(Glibc)
import Glibc
#endif

/// Generic netlink over one NETLINK_GENERIC socket: resolves families by name.
public struct GenericNetlink: Sendable {
    public let socket: NetlinkSocket

    /// Opens a NETLINK_GENERIC socket in the calling thread's network namespace.
    public init() throws(NetlinkError) {
        socket = try NetlinkSocket(.generic)
    }

    public init(socket: NetlinkSocket) throws(NetlinkError) {
        guard socket.netlinkProtocol == .generic else {
            throw .invalidArgument(field: "socket", reason: "generic netlink needs a NETLINK_GENERIC socket, not \(socket.netlinkProtocol)")
        }
        self.socket = socket
    }

    /// Resolves a family through `nlctrl`. A family whose module is not loaded (and
    /// cannot be) throws `familyNotFound`.
    public func family(named name: String) throws(NetlinkError) -> GenericNetlinkFamily {
        // GENL_NAMSIZ (16) with its NUL; the kernel would answer a bare EINVAL.
        guard (1 ... 15).contains(name.utf8.count) else {
            throw .invalidArgument(field: "generic netlink family name",
                                   reason: "\"\(name)\" must be 1 to 15 bytes long (GENL_NAMSIZ)")
        }
        let operation = "resolve generic netlink family \(name)"
        let replies: [NetlinkMessage]
        do {
            replies = try socket.execute(FamilyMessages.getFamily(named: name), operation: operation)
        } catch where error.errno == ENOENT {
            throw .familyNotFound(name: name)
        }
        guard let reply = replies.first(where: { $0.header.type == .genericControl }) else {
            throw .malformedReply(operation: operation, .missingAttribute(field: "CTRL_CMD_NEWFAMILY reply"))
        }
        do {
            return try FamilyMessages.decodeFamily(reply)
        } catch {
            throw .malformedReply(operation: operation, error)
        }
    }
}
