/// NAT-PMP result codes (RFC 6886 §3.5).
public enum NATPMPResultCode: Sendable, Hashable, CustomStringConvertible {
    case success
    case unsupportedVersion
    case notAuthorized
    case networkFailure
    case outOfResources
    case unsupportedOpcode
    case other(UInt16)

    init(_ value: UInt16) {
        self = switch value {
        case 0: .success
        case 1: .unsupportedVersion
        case 2: .notAuthorized
        case 3: .networkFailure
        case 4: .outOfResources
        case 5: .unsupportedOpcode
        default: .other(value)
        }
    }

    public var description: String {
        switch self {
        case .success: "success"
        case .unsupportedVersion: "unsupported version"
        case .notAuthorized: "not authorized or refused"
        case .networkFailure: "network failure"
        case .outOfResources: "out of resources"
        case .unsupportedOpcode: "unsupported opcode"
        case let .other(value): "result code \(value)"
        }
    }
}

extension NATPMPResultCode {
    var code: UInt16 {
        switch self {
        case .success: 0
        case .unsupportedVersion: 1
        case .notAuthorized: 2
        case .networkFailure: 3
        case .outOfResources: 4
        case .unsupportedOpcode: 5
        case let .other(value): value
        }
    }
}
