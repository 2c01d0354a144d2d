/// PCP result codes (RFC 6887 §7.4).
public struct PCPResultCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let success = Self(rawValue: 0)
    public static let unsupportedVersion = Self(rawValue: 1)
    public static let notAuthorized = Self(rawValue: 2)
    public static let malformedRequest = Self(rawValue: 3)
    public static let unsupportedOpcode = Self(rawValue: 4)

    private static let names = [
        "SUCCESS", "UNSUPP_VERSION", "NOT_AUTHORIZED", "MALFORMED_REQUEST", "UNSUPP_OPCODE", "UNSUPP_OPTION",
        "MALFORMED_OPTION", "NETWORK_FAILURE", "NO_RESOURCES", "UNSUPP_PROTOCOL", "USER_EX_QUOTA",
        "CANNOT_PROVIDE_EXTERNAL", "ADDRESS_MISMATCH", "EXCESSIVE_REMOTE_PEERS",
    ]

    public var description: String {
        Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "result code \(rawValue)"
    }
}
