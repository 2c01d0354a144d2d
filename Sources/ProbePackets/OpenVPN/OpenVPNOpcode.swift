/// OpenVPN packet opcodes (the top five bits of the first byte; the low three are the key ID).
public enum OpenVPNOpcode: UInt8, Sendable, Hashable {
    case controlSoftResetV1 = 3
    case controlV1 = 4
    case ackV1 = 5
    case dataV1 = 6
    case controlHardResetClientV2 = 7
    case controlHardResetServerV2 = 8
    case dataV2 = 9
    case controlHardResetClientV3 = 10
    case controlWKCV1 = 11
}
