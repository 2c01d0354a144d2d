import Addressing
extension RTNetlink {
    /// Routes of the namespace, optionally of one family or one table (`ip route show table all`).
    public func routes(family: AddressFamily? = nil, table: RouteTable? = nil) throws(NetlinkError) -> [Route] {
        let operation = "list \(family.map { "\($0) " } ?? "")routes"
        let replies = try socket.dump(RouteMessages.dump(family: family), operation: operation)
        return try decode(replies, type: .newRoute, operation: operation, RouteMessages.decode)
            .filter { table == nil || $0.table == table }
    }

    /// Adds a route (`ip route add …`); an identical route makes it fail with EEXIST.
    public func addRoute(_ route: Route) throws(NetlinkError) {
        try socket.execute(try RouteMessages.add(route), operation: "add route \(route)")
    }

    public func deleteRoute(_ route: Route) throws(NetlinkError) {
        try socket.execute(try RouteMessages.delete(route), operation: "delete route \(route)")
    }
}
