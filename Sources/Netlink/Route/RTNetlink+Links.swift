#if canImport(Glibc)
import Glibc
#endif

extension RTNetlink {
    /// Every link of the namespace (`ip link show`).
    public func links() throws(NetlinkError) -> [Link] {
        let operation = "list links"
        let replies = try socket.dump(LinkMessages.dump(), operation: operation)
        return try decode(replies, type: .newLink, operation: operation, LinkMessages.decode)
    }

    /// One link, or nil when it does not exist.
    public func link(_ selector: LinkSelector) throws(NetlinkError) -> Link? {
        let operation = "look up \(selector)"
        do {
            let replies = try socket.execute(try LinkMessages.get(selector), operation: operation)
            return try decode(replies, type: .newLink, operation: operation, LinkMessages.decode).first
        } catch where error.errno == ENODEV {
            return nil
        }
    }

    /// Creates a link (`ip link add NAME [mtu MTU] type KIND`) and returns it as the
    /// kernel made it. It starts down.
    ///
    /// For `.wireguard`, a kernel without WireGuard answers EOPNOTSUPP ("Unknown device
    /// type"), thrown as `NetlinkError.kernelLacksWireGuard`.
    @discardableResult
    public func createLink(name: String, kind: LinkKind, mtu: UInt32? = nil) throws(NetlinkError) -> Link {
        let operation = "create \(kind) link \(name)"
        do {
            try socket.execute(try LinkMessages.create(name: name, kind: kind, mtu: mtu), operation: operation)
        } catch {
            if kind == .wireguard, case let .kernelRejected(_, code, message) = error, code == EOPNOTSUPP {
                throw .kernelLacksWireGuard(operation: operation, errno: code, message: message)
            }
            throw error
        }
        guard let link = try link(.name(name)) else {
            throw .malformedReply(operation: operation, .missingAttribute(field: "the new link \(name) (gone right after creation)"))
        }
        return link
    }

    /// Sets a link up or down and/or changes its MTU (`ip link set … up|down mtu …`).
    public func setLink(_ link: LinkSelector, up: Bool? = nil, mtu: UInt32? = nil) throws(NetlinkError) {
        var changes: [String] = []
        if let up { changes.append(up ? "up" : "down") }
        if let mtu { changes.append("mtu \(mtu)") }
        let operation = "set \(link) \(changes.joined(separator: " "))"
        try socket.execute(try LinkMessages.set(link, up: up, mtu: mtu), operation: operation)
    }

    /// Deletes a link (both ends, for a veth pair), with its addresses and routes.
    public func deleteLink(_ link: LinkSelector) throws(NetlinkError) {
        try socket.execute(try LinkMessages.delete(link), operation: "delete \(link)")
    }
}
