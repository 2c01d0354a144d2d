import Addressing
extension RTNetlink {
    /// Addresses of the namespace, optionally of one family or one link (`ip address show`).
    public func addresses(family: AddressFamily? = nil, interfaceIndex: Int32? = nil) throws(NetlinkError) -> [InterfaceAddress] {
        let operation = "list \(family.map { "\($0) " } ?? "")addresses"
        let replies = try socket.dump(AddressMessages.dump(family: family), operation: operation)
        return try decode(replies, type: .newAddress, operation: operation, AddressMessages.decode)
            .filter { interfaceIndex == nil || $0.interfaceIndex == interfaceIndex }
    }

    /// Adds an address (`ip address add PREFIX dev …`). For IPv6, `.noDAD` makes it usable
    /// at once instead of "tentative" while duplicate address detection runs.
    public func addAddress(_ prefix: IPNetwork, interfaceIndex: Int32, flags: AddressFlags = []) throws(NetlinkError) {
        try socket.execute(AddressMessages.add(prefix, interfaceIndex: interfaceIndex, flags: flags),
                           operation: "add address \(prefix) to link #\(interfaceIndex)")
    }

    public func deleteAddress(_ prefix: IPNetwork, interfaceIndex: Int32) throws(NetlinkError) {
        try socket.execute(AddressMessages.delete(prefix, interfaceIndex: interfaceIndex),
                           operation: "delete address \(prefix) from link #\(interfaceIndex)")
    }
}
