#if canImport(Glibc)
import Glibc
#endif
import Addressing

/// Encoders and decoders of the `wireguard` generic netlink family (linux/wireguard.h).
/// The family id is assigned at boot; callers get it from `GenericNetlink.family(named:)`.
public enum WireGuardMessages {
    /// The largest message `wg` sends: libmnl's MNL_SOCKET_BUFFER_SIZE, the page size
    /// capped at 8 KiB. The kernel accepts more, but staying within it is what the
    /// tools have always done.
    public static let defaultSizeLimit = min(Int(sysconf(Int32(_SC_PAGESIZE))), 8192)

    /// WG_CMD_GET_DEVICE. The kernel accepts it only as a dump; the answer may span
    /// several messages, which `decodeDevice` merges.
    public static func getDevice(_ interface: LinkSelector, familyID: UInt16) throws(NetlinkError) -> NetlinkRequest {
        var writer = ByteWriter()
        GenericNetlinkHeader(command: WireGuardUAPI.getDevice, version: WireGuardUAPI.version).encode(into: &writer)
        try appendInterface(interface, into: &writer)
        return NetlinkRequest(type: NetlinkMessageType(rawValue: familyID), flags: [.request, .dump], payload: writer.bytes)
    }

    /// WGDEVICE_A_IFNAME or WGDEVICE_A_IFINDEX: the kernel wants exactly one.
    static func appendInterface(_ interface: LinkSelector, into writer: inout ByteWriter) throws(NetlinkError) {
        switch interface {
        case let .name(name):
            try InterfaceName.validate(name, field: "WireGuard interface name")
            writer.appendAttribute(type: WireGuardDeviceAttribute.interfaceName, string: name)
        case let .index(index):
            writer.appendAttribute(type: WireGuardDeviceAttribute.interfaceIndex, u32: UInt32(bitPattern: index))
        }
    }

    /// AF_INET / AF_INET6 as WGALLOWEDIP_A_FAMILY carries them (u16).
    static func decodeFamily(_ attribute: NetlinkAttribute) throws(WireFormatError) -> AddressFamily {
        let raw = try attribute.u16("WGALLOWEDIP_A_FAMILY")
        guard raw <= UInt8.max, let family = AddressFamily(rawValue: UInt8(raw)) else {
            throw .invalidValue(field: "WGALLOWEDIP_A_FAMILY", reason: "\(raw) is neither AF_INET nor AF_INET6")
        }
        return family
    }

    /// One WGPEER_A_ALLOWEDIPS entry: family, address and prefix length.
    static func decodeAllowedIP(_ entry: NetlinkAttribute) throws(WireFormatError) -> IPNetwork {
        let attributes = try entry.nested()
        guard let familyAttribute = attributes.first(ofType: WireGuardAllowedIPAttribute.family),
              let addressAttribute = attributes.first(ofType: WireGuardAllowedIPAttribute.address),
              let maskAttribute = attributes.first(ofType: WireGuardAllowedIPAttribute.cidrMask)
        else { throw .missingAttribute(field: "WGALLOWEDIP_A_FAMILY/IPADDR/CIDR_MASK") }
        let family = try decodeFamily(familyAttribute)
        let address = try IPAddress.decode(addressAttribute, family: family, "WGALLOWEDIP_A_IPADDR")
        let length = try maskAttribute.u8("WGALLOWEDIP_A_CIDR_MASK")
        guard let prefix = IPNetwork(address: address, prefixLength: length) else {
            throw .invalidValue(field: "WGALLOWEDIP_A_CIDR_MASK", reason: "/\(length) is too long for \(family)")
        }
        return prefix
    }

    /// Reads the genlmsghdr and returns the attributes after it, checking the command.
    static func deviceAttributes(_ payload: ArraySlice<UInt8>, command: UInt8) throws(WireFormatError) -> [NetlinkAttribute] {
        var reader = ByteReader(payload)
        let header = try GenericNetlinkHeader.decode(from: &reader)
        guard header.command == command else {
            throw .invalidValue(field: "genlmsghdr.cmd", reason: "expected WireGuard command \(command), got \(header.command)")
        }
        return try NetlinkAttribute.parse(reader.readRest())
    }

    static func interface(in attributes: [NetlinkAttribute]) throws(WireFormatError) -> LinkSelector? {
        if let name = attributes.first(ofType: WireGuardDeviceAttribute.interfaceName) { return .name(name.string) }
        if let index = attributes.first(ofType: WireGuardDeviceAttribute.interfaceIndex) {
            return .index(Int32(bitPattern: try index.u32("WGDEVICE_A_IFINDEX")))
        }
        return nil
    }
}
