import Foundation

/// The management channel failed; the sentence says how.
enum ManagementError: Error, Sendable, Hashable, CustomStringConvertible {
    case socket(operation: String, errno: Int32)
    case timedOut
    case closed

    var description: String {
        switch self {
        case let .socket(operation, code): "management socket: \(operation) failed: \(String(cString: strerror(code)))"
        case .timedOut: "openvpn did not connect to its management socket in time"
        case .closed: "openvpn closed its management connection"
        }
    }
}
