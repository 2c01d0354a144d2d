import Addressing
/// Encoders and the decoder of RTM_*ROUTE messages (struct rtmsg + RTA_* attributes).
public enum RouteMessages {
    /// RTM_NEWROUTE with NLM_F_CREATE | NLM_F_EXCL.
    public static func add(_ route: Route) throws(NetlinkError) -> NetlinkRequest {
        try validate(route)
        var writer = ByteWriter()
        appendHeader(route, protocol: route.protocol, scope: route.scope, into: &writer)
        appendAttributes(route, into: &writer)
        return NetlinkRequest(type: .newRoute, flags: [.request, .acknowledge, .create, .exclusive], payload: writer.bytes)
    }

    /// RTM_DELROUTE. Protocol and scope are left as wildcards (unspec, nowhere) so a
    /// route built by hand matches the kernel's copy whoever installed it.
    public static func delete(_ route: Route) throws(NetlinkError) -> NetlinkRequest {
        try validate(route)
        var writer = ByteWriter()
        appendHeader(route, protocol: .unspecified, scope: .nowhere, into: &writer)
        appendAttributes(route, into: &writer)
        return NetlinkRequest(type: .deleteRoute, flags: [.request, .acknowledge], payload: writer.bytes)
    }

    /// RTM_GETROUTE with NLM_F_DUMP: every table, for one family or (nil) all.
    public static func dump(family: AddressFamily? = nil) -> NetlinkRequest {
        var writer = ByteWriter()
        writer.append(family?.rawValue ?? 0)
        writer.appendZeros(RouteHeaderSize.route - 1)
        return NetlinkRequest(type: .getRoute, flags: [.request, .dump], payload: writer.bytes)
    }

    /// Decodes one route; nil for families other than IPv4 and IPv6 (multicast routing
    /// tables answer an AF_UNSPEC dump too).
    public static func decode(_ message: NetlinkMessage) throws(WireFormatError) -> Route? {
        var reader = ByteReader(message.payload)
        guard let family = AddressFamily(rawValue: try reader.read(UInt8.self, "rtmsg.rtm_family")) else { return nil }
        let destinationLength = try reader.read(UInt8.self, "rtmsg.rtm_dst_len")
        try reader.skip(2, "rtmsg.rtm_src_len/rtm_tos")
        let headerTable = try reader.read(UInt8.self, "rtmsg.rtm_table")
        let routeProtocol = try reader.read(UInt8.self, "rtmsg.rtm_protocol")
        let scope = try reader.read(UInt8.self, "rtmsg.rtm_scope")
        let type = try reader.read(UInt8.self, "rtmsg.rtm_type")
        try reader.skip(4, "rtmsg.rtm_flags")
        let attributes = try NetlinkAttribute.parse(reader.readRest())

        let address = try attributes.first(ofType: RouteAttribute.destination)
            .map { (attribute) throws(WireFormatError) in try IPAddress.decode(attribute, family: family, "RTA_DST") }
            ?? .any(family)
        guard let destination = IPNetwork(address: address, prefixLength: destinationLength) else {
            throw .invalidValue(field: "rtmsg.rtm_dst_len", reason: "\(destinationLength) is too long for \(family)")
        }
        return Route(destination: destination,
                     gateway: try attributes.first(ofType: RouteAttribute.gateway)
                         .map { (attribute) throws(WireFormatError) in try IPAddress.decode(attribute, family: family, "RTA_GATEWAY") },
                     outputInterface: try attributes.first(ofType: RouteAttribute.outputInterface)?.i32("RTA_OIF"),
                     table: RouteTable(try attributes.first(ofType: RouteAttribute.table)?.u32("RTA_TABLE") ?? UInt32(headerTable)),
                     protocol: RouteProtocol(rawValue: routeProtocol),
                     scope: RouteScope(rawValue: scope),
                     type: RouteType(rawValue: type),
                     priority: try attributes.first(ofType: RouteAttribute.priority)?.u32("RTA_PRIORITY"),
                     preferredSource: try attributes.first(ofType: RouteAttribute.preferredSource)
                         .map { (attribute) throws(WireFormatError) in try IPAddress.decode(attribute, family: family, "RTA_PREFSRC") })
    }

    private static func validate(_ route: Route) throws(NetlinkError) {
        // An IPv6 route through an IPv4 gateway needs RTA_VIA, which this library does not speak.
        if let gateway = route.gateway, gateway.family != route.family {
            throw .invalidArgument(field: "route gateway", reason: "\(gateway) is \(gateway.family) but the destination \(route.destination) is \(route.family)")
        }
        if let source = route.preferredSource, source.family != route.family {
            throw .invalidArgument(field: "route preferred source", reason: "\(source) is \(source.family) but the destination \(route.destination) is \(route.family)")
        }
    }

    /// struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags.
    private static func appendHeader(_ route: Route, protocol: RouteProtocol, scope: RouteScope, into writer: inout ByteWriter) {
        writer.append(route.family.rawValue)
        writer.append(route.destination.prefixLength)
        writer.append(UInt8(0))
        writer.append(UInt8(0))
        writer.append(route.table.headerByte)
        writer.append(`protocol`.rawValue)
        writer.append(scope.rawValue)
        writer.append(route.type.rawValue)
        writer.append(UInt32(0))
    }

    private static func appendAttributes(_ route: Route, into writer: inout ByteWriter) {
        writer.appendAttribute(type: RouteAttribute.table, u32: route.table.rawValue)
        if !route.destination.isDefaultRoute {
            writer.appendAttribute(type: RouteAttribute.destination, payload: route.destination.address.bytes)
        }
        if let gateway = route.gateway { writer.appendAttribute(type: RouteAttribute.gateway, payload: gateway.bytes) }
        if let outputInterface = route.outputInterface {
            writer.appendAttribute(type: RouteAttribute.outputInterface, u32: UInt32(bitPattern: outputInterface))
        }
        if let priority = route.priority { writer.appendAttribute(type: RouteAttribute.priority, u32: priority) }
        if let source = route.preferredSource { writer.appendAttribute(type: RouteAttribute.preferredSource, payload: source.bytes) }
    }
}
