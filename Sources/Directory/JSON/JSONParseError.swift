/// Why bytes are not a JSON document, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case unexpectedEnd
        case unexpectedByte(UInt8, expected: String)
        case invalidNumber
        case invalidEscape
        case controlCharacterInString
        case invalidUTF8
        case duplicateKey(String)
        case tooDeep(limit: Int)
        case trailingData
    }

    public let problem: Problem
    /// Line and column (1-based, in bytes) where the problem was found.
    public let line: Int
    public let column: Int

    public var description: String {
        "line \(line), column \(column): " + problemDescription
    }

    private var problemDescription: String {
        switch problem {
        case .unexpectedEnd: "the document ends too early (truncated?)"
        case let .unexpectedByte(byte, expected):
            "expected \(expected), found \(Self.render(byte))"
        case .invalidNumber: "malformed number"
        case .invalidEscape: "malformed escape sequence in a string"
        case .controlCharacterInString: "unescaped control character in a string"
        case .invalidUTF8: "a string is not valid UTF-8"
        case let .duplicateKey(key): "the key \"\(key)\" appears twice in one object"
        case let .tooDeep(limit): "nested deeper than \(limit) levels"
        case .trailingData: "unexpected data after the end of the document"
        }
    }

    private static func render(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
