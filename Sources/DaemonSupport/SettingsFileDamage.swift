import Directory
import Foundation

/// What is wrong with a settings file that is not used.
public enum SettingsFileDamage: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(errno: Int32)
    case notARegularFile
    case writableByOthers(mode: mode_t)
    case tooLarge(bytes: Int, limit: Int)
    case notJSON(JSONParseError)
    case notAnObject(found: String)
    case wrongType(key: String, found: String)

    public var description: String {
        switch self {
        case let .unreadable(code): "it cannot be read (\(String(cString: strerror(code))))"
        case .notARegularFile: "it is not a regular file"
        case let .writableByOthers(mode): "other users can write it (mode \(String(mode, radix: 8))), so it cannot be trusted"
        case let .tooLarge(bytes, limit): "it is \(bytes) bytes long, more than the \(limit) a settings file can be"
        case let .notJSON(error): "it is not valid JSON: \(error.description)"
        case let .notAnObject(found): "it holds \(found), not a JSON object"
        case let .wrongType(key, found): "\"\(key)\" must be true or false, not \(found)"
        }
    }
}
