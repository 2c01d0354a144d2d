/// Encoders and the decoder of RTM_*LINK messages (struct ifinfomsg + IFLA_* attributes).
public enum LinkMessages {
    /// IFF_UP, for ifi_flags / ifi_change.
    private static let upFlag: UInt32 = 1

    /// RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: create a link that must not exist yet.
    public static func create(name: String, kind: LinkKind, mtu: UInt32? = nil) throws(NetlinkError) -> NetlinkRequest {
        try InterfaceName.validate(name, field: "interface name")
        var writer = ByteWriter()
        appendHeader(index: 0, into: &writer)
        writer.appendAttribute(type: LinkAttribute.name, string: name)
        if let mtu { writer.appendAttribute(type: LinkAttribute.mtu, u32: mtu) }
        let info = writer.beginNested(type: LinkAttribute.linkInfo)
        writer.appendAttribute(type: LinkInfoAttribute.kind, string: kind.kindName)
        if case let .veth(peerName) = kind {
            try InterfaceName.validate(peerName, field: "veth peer name")
            let data = writer.beginNested(type: LinkInfoAttribute.data)
            // VETH_INFO_PEER holds a whole ifinfomsg and the peer's own attributes.
            let peer = writer.beginNested(type: VethInfoAttribute.peer)
            appendHeader(index: 0, into: &writer)
            writer.appendAttribute(type: LinkAttribute.name, string: peerName)
            if let mtu { writer.appendAttribute(type: LinkAttribute.mtu, u32: mtu) }
            writer.endNested(peer)
            writer.endNested(data)
        }
        writer.endNested(info)
        return NetlinkRequest(type: .newLink, flags: [.request, .acknowledge, .create, .exclusive], payload: writer.bytes)
    }

    /// RTM_NEWLINK without NLM_F_CREATE: change an existing link's state and MTU.
    public static func set(_ link: LinkSelector, up: Bool? = nil, mtu: UInt32? = nil) throws(NetlinkError) -> NetlinkRequest {
        let name = try link.validatedName()
        var writer = ByteWriter()
        appendHeader(index: link.headerIndex, flags: up == true ? upFlag : 0, change: up == nil ? 0 : upFlag, into: &writer)
        if let name { writer.appendAttribute(type: LinkAttribute.name, string: name) }
        if let mtu { writer.appendAttribute(type: LinkAttribute.mtu, u32: mtu) }
        return NetlinkRequest(type: .newLink, flags: [.request, .acknowledge], payload: writer.bytes)
    }

    /// RTM_DELLINK. Deleting one end of a veth pair deletes both.
    public static func delete(_ link: LinkSelector) throws(NetlinkError) -> NetlinkRequest {
        NetlinkRequest(type: .deleteLink, flags: [.request, .acknowledge], payload: try selectorPayload(link))
    }

    /// RTM_GETLINK for one link.
    public static func get(_ link: LinkSelector) throws(NetlinkError) -> NetlinkRequest {
        NetlinkRequest(type: .getLink, flags: [.request, .acknowledge], payload: try selectorPayload(link))
    }

    /// RTM_GETLINK with NLM_F_DUMP: every link of the namespace.
    public static func dump() -> NetlinkRequest {
        var writer = ByteWriter()
        appendHeader(index: 0, into: &writer)
        return NetlinkRequest(type: .getLink, flags: [.request, .dump], payload: writer.bytes)
    }

    public static func decode(_ message: NetlinkMessage) throws(WireFormatError) -> Link {
        var reader = ByteReader(message.payload)
        try reader.skip(4, "ifinfomsg.ifi_family/ifi_type")
        let index = try reader.read(Int32.self, "ifinfomsg.ifi_index")
        let flags = try reader.read(UInt32.self, "ifinfomsg.ifi_flags")
        try reader.skip(4, "ifinfomsg.ifi_change")
        let attributes = try NetlinkAttribute.parse(reader.readRest())
        guard let name = attributes.first(ofType: LinkAttribute.name)?.string else {
            throw .missingAttribute(field: "IFLA_IFNAME of link #\(index)")
        }
        var kind: String?
        if let info = attributes.first(ofType: LinkAttribute.linkInfo) {
            kind = try info.nested().first(ofType: LinkInfoAttribute.kind)?.string
        }
        return Link(index: index,
                    name: name,
                    kind: kind,
                    mtu: try attributes.first(ofType: LinkAttribute.mtu)?.u32("IFLA_MTU") ?? 0,
                    flags: LinkFlags(rawValue: flags),
                    hardwareAddress: attributes.first(ofType: LinkAttribute.address).map { Array($0.payload) } ?? [],
                    linkIndex: try attributes.first(ofType: LinkAttribute.link)?.i32("IFLA_LINK"))
    }

    private static func selectorPayload(_ link: LinkSelector) throws(NetlinkError) -> [UInt8] {
        let name = try link.validatedName()
        var writer = ByteWriter()
        appendHeader(index: link.headerIndex, into: &writer)
        if let name { writer.appendAttribute(type: LinkAttribute.name, string: name) }
        return writer.bytes
    }

    /// struct ifinfomsg: family (AF_UNSPEC), pad, type, index, flags, change.
    private static func appendHeader(index: Int32, flags: UInt32 = 0, change: UInt32 = 0, into writer: inout ByteWriter) {
        writer.append(UInt8(0))
        writer.append(UInt8(0))
        writer.append(UInt16(0))
        writer.append(index)
        writer.append(flags)
        writer.append(change)
    }
}
