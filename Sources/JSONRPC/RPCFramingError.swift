/// A line that is not a JSON-RPC 2.0 message.
public enum RPCFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    case lineTooLong(limit: Int)
    case notJSONRPC(String)

    public var description: String {
        switch self {
        case let .lineTooLong(limit): "a message longer than \(limit) bytes"
        case let .notJSONRPC(preview): "a line that is not a JSON-RPC 2.0 message: \"\(preview)\""
        }
    }
}
