import FoundationEssentials
import Glibc

/// Why a configuration file was not accepted; names the file and the key.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case fileMissing(path: String)
    case unreadable(path: String, reason: String)
    case syntax(path: String, line: Int, column: Int, message: String)
    case unknownKey(path: String, key: String, suggestion: String?)
    case missingKey(path: String, key: String)
    case wrongType(path: String, key: String, expected: String, found: String)
    case invalidValue(path: String, key: String, reason: String)

    public var description: String {
        switch self {
        case let .fileMissing(path):
            "No configuration file at \(path). Create it (see README: Configuration) or name another with --config or VPNCTL_CONFIG."
        case let .unreadable(path, reason):
            "Cannot read the configuration file \(path): \(reason)."
        case let .syntax(path, line, column, message):
            "\(path):\(line):\(column): not valid TOML: \(message)."
        case let .unknownKey(path, key, suggestion):
            "\(path): unknown setting \"\(key)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ".")
        case let .missingKey(path, key):
            "\(path): the setting \"\(key)\" is required."
        case let .wrongType(path, key, expected, found):
            "\(path): \"\(key)\" must be \(expected), not \(found)."
        case let .invalidValue(path, key, reason):
            "\(path): \"\(key)\" \(reason)."
        }
    }
}
