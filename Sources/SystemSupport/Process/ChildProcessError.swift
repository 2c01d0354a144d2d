import Glibc

public enum ChildProcessError: Error, Sendable, CustomStringConvertible {
    case spawnFailed(String, errno: Int32)
    case timedOut(String, after: Duration)

    public var description: String {
        switch self {
        case let .spawnFailed(executable, code): "cannot start \(executable): \(String(cString: strerror(code)))"
        case let .timedOut(executable, deadline): "\(executable) did not finish within \(deadline.components.seconds) s and was stopped"
        }
    }
}
