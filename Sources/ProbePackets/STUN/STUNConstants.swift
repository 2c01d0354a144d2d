/// The STUN attributes the probe reads or writes (RFC 8489 §18.3, RFC 5780 §7).
public enum STUNAttributeType: UInt16, Sendable, Hashable {
    case mappedAddress = 0x0001
    case changeRequest = 0x0003
    case username = 0x0006
    case messageIntegrity = 0x0008
    case errorCode = 0x0009
    case xorMappedAddress = 0x0020
    case software = 0x8022
    case fingerprint = 0x8028
    case responseOrigin = 0x802B
    case otherAddress = 0x802C
}

/// STUN message types used here: the Binding method in its three classes (RFC 8489 §5, §6).
public enum STUNMessageType: UInt16, Sendable, Hashable {
    case bindingRequest = 0x0001
    case bindingSuccess = 0x0101
    case bindingError = 0x0111
}

enum STUN {
    static let magicCookie: UInt32 = 0x2112_A442
    static let headerLength = 20
    /// XORed into the CRC so a FINGERPRINT cannot be confused with another protocol's CRC (RFC 8489 §14.7).
    static let fingerprintXOR: UInt32 = 0x5354_554E
}
