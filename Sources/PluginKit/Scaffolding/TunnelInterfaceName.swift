/// The name of a tunnel interface a plugin makes: 1 to 15 lower-case
/// letters, digits and dashes, not starting with a dash. Stricter than the
/// kernel (IFNAMSIZ), on purpose: the name also goes into the helpers'
/// config files (pppd's `ifname`, openvpn's `dev`) and into paths (the
/// plugin's private directory), where nothing else may ride along.
public struct TunnelInterfaceName: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = rawValue.utf8
        guard (1...15).contains(bytes.count), bytes.first != UInt8(ascii: "-"),
              bytes.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") })
        else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// The sentence for a name that is not one.
    public static let rule = "1 to 15 lower-case letters, digits or dashes, not starting with a dash"
}
