import Addressing
/// Encoders and the decoder of RTM_*ADDR messages (struct ifaddrmsg + IFA_* attributes).
public enum AddressMessages {
    /// RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL.
    public static func add(_ prefix: IPNetwork, interfaceIndex: Int32, flags: AddressFlags = []) -> NetlinkRequest {
        var writer = ByteWriter()
        appendHeader(family: prefix.family.rawValue, prefixLength: prefix.prefixLength,
                     flags: UInt8(truncatingIfNeeded: flags.rawValue), interfaceIndex: interfaceIndex, into: &writer)
        appendAddresses(prefix.address, into: &writer)
        // Flags above 0xff (noprefixroute…) fit only the attribute, which then wins over the header.
        if !flags.isEmpty { writer.appendAttribute(type: AddressAttribute.flags, u32: flags.rawValue) }
        return NetlinkRequest(type: .newAddress, flags: [.request, .acknowledge, .create, .exclusive], payload: writer.bytes)
    }

    /// RTM_DELADDR.
    public static func delete(_ prefix: IPNetwork, interfaceIndex: Int32) -> NetlinkRequest {
        var writer = ByteWriter()
        appendHeader(family: prefix.family.rawValue, prefixLength: prefix.prefixLength, flags: 0,
                     interfaceIndex: interfaceIndex, into: &writer)
        appendAddresses(prefix.address, into: &writer)
        return NetlinkRequest(type: .deleteAddress, flags: [.request, .acknowledge], payload: writer.bytes)
    }

    /// RTM_GETADDR with NLM_F_DUMP, for one family or (nil) both.
    public static func dump(family: AddressFamily? = nil) -> NetlinkRequest {
        var writer = ByteWriter()
        appendHeader(family: family?.rawValue ?? 0, prefixLength: 0, flags: 0, interfaceIndex: 0, into: &writer)
        return NetlinkRequest(type: .getAddress, flags: [.request, .dump], payload: writer.bytes)
    }

    /// Decodes one address; nil for families other than IPv4 and IPv6.
    public static func decode(_ message: NetlinkMessage) throws(WireFormatError) -> InterfaceAddress? {
        var reader = ByteReader(message.payload)
        guard let family = AddressFamily(rawValue: try reader.read(UInt8.self, "ifaddrmsg.ifa_family")) else { return nil }
        let prefixLength = try reader.read(UInt8.self, "ifaddrmsg.ifa_prefixlen")
        let headerFlags = try reader.read(UInt8.self, "ifaddrmsg.ifa_flags")
        let scope = try reader.read(UInt8.self, "ifaddrmsg.ifa_scope")
        let index = try reader.read(UInt32.self, "ifaddrmsg.ifa_index")
        let attributes = try NetlinkAttribute.parse(reader.readRest())
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on
        // point-to-point links, and the only one IPv6 sends.
        guard let attribute = attributes.first(ofType: AddressAttribute.local) ?? attributes.first(ofType: AddressAttribute.address) else {
            throw .missingAttribute(field: "IFA_LOCAL/IFA_ADDRESS of an address on link #\(index)")
        }
        let address = try IPAddress.decode(attribute, family: family, "IFA_LOCAL")
        guard let prefix = IPNetwork(address: address, prefixLength: prefixLength) else {
            throw .invalidValue(field: "ifaddrmsg.ifa_prefixlen", reason: "\(prefixLength) is too long for \(family)")
        }
        let flags = try attributes.first(ofType: AddressAttribute.flags)?.u32("IFA_FLAGS") ?? UInt32(headerFlags)
        return InterfaceAddress(interfaceIndex: Int32(bitPattern: index), prefix: prefix, flags: AddressFlags(rawValue: flags),
                                scope: RouteScope(rawValue: scope),
                                label: attributes.first(ofType: AddressAttribute.label)?.string)
    }

    /// IFA_LOCAL and IFA_ADDRESS both set to the address, as iproute2 does for a link without a peer.
    private static func appendAddresses(_ address: IPAddress, into writer: inout ByteWriter) {
        writer.appendAttribute(type: AddressAttribute.local, payload: address.bytes)
        writer.appendAttribute(type: AddressAttribute.address, payload: address.bytes)
    }

    /// struct ifaddrmsg: family, prefixlen, flags, scope, index.
    private static func appendHeader(family: UInt8, prefixLength: UInt8, flags: UInt8, interfaceIndex: Int32,
                                     into writer: inout ByteWriter) {
        writer.append(family)
        writer.append(prefixLength)
        writer.append(flags)
        writer.append(RouteScope.universe.rawValue)
        writer.append(UInt32(bitPattern: interfaceIndex))
    }
}
