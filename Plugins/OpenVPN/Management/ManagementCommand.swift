/// Commands the plugin sends on the management channel, rendered as lines.
/// Arguments are quoted by the channel's rules (those of the config file's
/// lexer): in double quotes, with `\` and `"` escaped by a backslash.
enum ManagementCommand: Sendable, Hashable, CustomStringConvertible {
    case stateOn
    case byteCount(seconds: Int)
    case holdRelease
    case username(type: String, value: String)
    case password(type: String, value: String)
    case signal(String)

    var line: String {
        switch self {
        case .stateOn: "state on\n"
        case let .byteCount(seconds): "bytecount \(seconds)\n"
        case .holdRelease: "hold release\n"
        case let .username(type, value): "username \(Self.quote(type)) \(Self.quote(value))\n"
        case let .password(type, value): "password \(Self.quote(type)) \(Self.quote(value))\n"
        case let .signal(name): "signal \(name)\n"
        }
    }

    /// For logs: the command's name, never its secret.
    var description: String { String(line.prefix { $0 != " " && $0 != "\n" }) }

    static func quote(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            if character == "\\" || character == "\"" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
