/// A recorded process group that cannot be a plugin's: killing it could
/// hit every process (-1), init's group, or the daemon's own.
public enum LeftoverGroupError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidGroup(Int32)
    case ownGroup(Int32)
    case invalidExecutable(String)

    public var description: String {
        switch self {
        case let .invalidGroup(group): "\(group) is not a plugin's process group; nothing was killed."
        case let .ownGroup(group): "process group \(group) is this daemon's own, not a plugin's; nothing was killed."
        case let .invalidExecutable(path): "\"\(path)\" is not an absolute path of a plugin's executable; nothing was killed."
        }
    }
}
