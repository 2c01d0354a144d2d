/// rtnetlink over one NETLINK_ROUTE socket: links, addresses, routes and policy rules
/// of the socket's network namespace.
///
/// Every call is one blocking exchange with the kernel (see `NetlinkSocket`); async
/// callers wrap them in `NetlinkThread.run`. Failures are `NetlinkError`s naming the
/// operation, the errno and the kernel's explanation.
public struct RTNetlink: Sendable {
    public let socket: NetlinkSocket

    /// Opens a NETLINK_ROUTE socket in the calling thread's network namespace.
    public init() throws(NetlinkError) {
        socket = try NetlinkSocket(.route)
    }

    public init(socket: NetlinkSocket) throws(NetlinkError) {
        guard socket.netlinkProtocol == .route else {
            throw .invalidArgument(field: "socket", reason: "rtnetlink needs a NETLINK_ROUTE socket, not \(socket.netlinkProtocol)")
        }
        self.socket = socket
    }

    /// Decodes the replies of one type, turning a decoding failure into an error naming the operation.
    func decode<T>(_ messages: [NetlinkMessage], type: NetlinkMessageType, operation: String,
                   _ decoder: (NetlinkMessage) throws(WireFormatError) -> T?) throws(NetlinkError) -> [T] {
        var results: [T] = []
        for message in messages where message.header.type == type {
            do {
                if let value = try decoder(message) { results.append(value) }
            } catch {
                throw .malformedReply(operation: operation, error)
            }
        }
        return results
    }
}
