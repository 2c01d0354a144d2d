import FoundationEssentials
import Glibc

/// Why the CLI and the daemon could not talk.
public enum ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    case daemonNotRunning(path: String)
    case permissionDenied(path: String)
    case socket(path: String, errno: Int32)
    case noAnswer(path: String)
    case malformedAnswer
    /// The daemon answered, and said no.
    case refused(ControlFailure)

    public var description: String {
        switch self {
        case let .daemonNotRunning(path):
            "The vpnctl daemon is not running (no one listens on \(path))."
        case let .permissionDenied(path):
            "Permission denied on \(path): run vpnctl as root or as a member of the vpnctl group."
        case let .socket(path, code):
            "Cannot use the control socket \(path): \(String(cString: strerror(code)))."
        case let .noAnswer(path):
            "The vpnctl daemon did not answer on \(path); it may be stuck or have crashed (see its log in state_dir)."
        case let .refused(failure):
            failure.message
        case .malformedAnswer:
            "The vpnctl daemon's answer could not be read; are vpnctl and vpnctld the same version?"
        }
    }
}
