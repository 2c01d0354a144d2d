/// IKEv2 numbers used by the probe (RFC 7296 §3, IANA "IKEv2 Parameters").
public enum IKEPayloadType: UInt8, Sendable, Hashable {
    case none = 0
    case securityAssociation = 33
    case keyExchange = 34
    case identificationInitiator = 35
    case identificationResponder = 36
    case certificate = 37
    case certificateRequest = 38
    case authentication = 39
    case nonce = 40
    case notify = 41
    case delete = 42
    case vendorID = 43
    case encrypted = 46
}

/// Notify message types the probe looks for in an IKE_SA_INIT reply.
public enum IKENotifyType: UInt16, Sendable, Hashable {
    case noProposalChosen = 14
    case invalidKEPayload = 17
    case natDetectionSourceIP = 16388
    case natDetectionDestinationIP = 16389
    case cookie = 16390
    case fragmentationSupported = 16430
}

/// The proposal the probe offers: enough for a real responder to either accept it
/// or say which key-exchange group it wants; both prove the path passes IKE.
public enum IKEProposalSuite: Sendable, Hashable {
    /// AES-CBC-128, PRF-HMAC-SHA256, HMAC-SHA256-128, MODP group 14 (2048-bit).
    case aesCBC128ModP2048
    /// AES-GCM-16 with 128-bit key, PRF-HMAC-SHA256, ECP group 19 (256-bit).
    case aesGCM128ECP256

    var dhGroup: UInt16 { self == .aesCBC128ModP2048 ? 14 : 19 }

    /// A throwaway key share of the group's length (RFC 3526 §3, RFC 5903 §7). Random
    /// bytes make a valid MODP value, but almost never a point on the P-256 curve, and a
    /// responder answers an invalid point with INVALID_KE_PAYLOAD for the very group
    /// offered (strongSwan does); the curve's base point (the public key of private key 1)
    /// is valid, so the responder goes on to a real IKE_SA_INIT answer. No key is ever derived.
    func keyExchangeData(using generator: inout some RandomNumberGenerator) -> [UInt8] {
        switch self {
        case .aesCBC128ModP2048: generator.bytes(256)
        case .aesGCM128ECP256: Self.p256BasePoint
        }
    }

    /// P-256's generator G, x then y (SEC 2 §2.4.2, FIPS 186-4 D.1.2.3).
    static let p256BasePoint: [UInt8] = [
        0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6, 0xE5, 0x63, 0xA4, 0x40, 0xF2,
        0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2, 0x96,
        0x4F, 0xE3, 0x42, 0xE2, 0xFE, 0x1A, 0x7F, 0x9B, 0x8E, 0xE7, 0xEB, 0x4A, 0x7C, 0x0F, 0x9E, 0x16,
        0x2B, 0xCE, 0x33, 0x57, 0x6B, 0x31, 0x5E, 0xCE, 0xCB, 0xB6, 0x40, 0x68, 0x37, 0xBF, 0x51, 0xF5,
    ]

    /// (transform type, transform ID, key length attribute) in wire order.
    var transforms: [(type: UInt8, id: UInt16, keyLength: UInt16?)] {
        switch self {
        case .aesCBC128ModP2048: [(1, 12, 128), (2, 5, nil), (3, 12, nil), (4, 14, nil)]
        case .aesGCM128ECP256: [(1, 20, 128), (2, 5, nil), (4, 19, nil)]
        }
    }
}

enum IKE {
    static let headerLength = 28
    static let version: UInt8 = 0x20
    static let exchangeSAInit: UInt8 = 34
    static let flagInitiator: UInt8 = 0x08
    static let flagResponse: UInt8 = 0x20
}
