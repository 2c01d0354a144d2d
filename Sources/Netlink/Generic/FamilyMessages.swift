/// Messages of the generic netlink controller (`nlctrl`, GENL_ID_CTRL).
public enum FamilyMessages {
    /// The controller's command version, as genl tools send it.
    static let controlVersion: UInt8 = 1

    /// CTRL_CMD_GETFAMILY by name.
    public static func getFamily(named name: String) -> NetlinkRequest {
        var writer = ByteWriter()
        GenericNetlinkHeader(command: ControlCommand.getFamily, version: controlVersion).encode(into: &writer)
        writer.appendAttribute(type: ControlAttribute.familyName, string: name)
        return NetlinkRequest(type: .genericControl, flags: [.request, .acknowledge], payload: writer.bytes)
    }

    /// Decodes the controller's CTRL_CMD_NEWFAMILY answer.
    public static func decodeFamily(_ message: NetlinkMessage) throws(WireFormatError) -> GenericNetlinkFamily {
        var reader = ByteReader(message.payload)
        _ = try GenericNetlinkHeader.decode(from: &reader)
        let attributes = try NetlinkAttribute.parse(reader.readRest())
        guard let id = try attributes.first(ofType: ControlAttribute.familyID)?.u16("CTRL_ATTR_FAMILY_ID") else {
            throw .missingAttribute(field: "CTRL_ATTR_FAMILY_ID")
        }
        guard let name = attributes.first(ofType: ControlAttribute.familyName)?.string else {
            throw .missingAttribute(field: "CTRL_ATTR_FAMILY_NAME")
        }
        var groups: [GenericNetlinkFamily.MulticastGroup] = []
        if let nest = attributes.first(ofType: ControlAttribute.multicastGroups) {
            // An array: each entry's type is its index, its payload the group's attributes.
            for entry in try nest.nested() {
                let group = try entry.nested()
                guard let groupName = group.first(ofType: ControlMulticastGroupAttribute.name)?.string,
                      let groupID = try group.first(ofType: ControlMulticastGroupAttribute.id)?.u32("CTRL_ATTR_MCAST_GRP_ID")
                else { throw .missingAttribute(field: "CTRL_ATTR_MCAST_GRP_NAME/ID of family \(name)") }
                groups.append(.init(name: groupName, id: groupID))
            }
        }
        return GenericNetlinkFamily(
            id: id, name: name,
            version: try attributes.first(ofType: ControlAttribute.version)?.u32("CTRL_ATTR_VERSION") ?? 0,
            headerSize: try attributes.first(ofType: ControlAttribute.headerSize)?.u32("CTRL_ATTR_HDRSIZE") ?? 0,
            maximumAttribute: try attributes.first(ofType: ControlAttribute.maxAttribute)?.u32("CTRL_ATTR_MAXATTR") ?? 0,
            multicastGroups: groups)
    }
}
