import FoundationEssentials
import Glibc

/// One JSON-RPC 2.0 message as it crosses the pipe: a request (has `id` and
/// `method`), a notification (`method`, no `id`) or a response (`id` and
/// `result` or `error`). One message per line.
public enum RPCMessage: Sendable, Hashable {
    case request(id: Int, method: String, params: RPCValue)
    case notification(method: String, params: RPCValue)
    case response(id: Int, outcome: Result<RPCValue, RPCErrorObject>)

    /// The largest line accepted; a plugin writing more is broken.
    public static let maximumLineLength = RPCLine.maximumLength

    public func encodedLine() throws -> [UInt8] {
        let envelope: Envelope = switch self {
        case let .request(id, method, params): Envelope(id: id, method: method, params: params)
        case let .notification(method, params): Envelope(method: method, params: params)
        case let .response(id, .success(result)): Envelope(id: id, result: result)
        case let .response(id, .failure(error)): Envelope(id: id, error: error)
        }
        return try RPCLine.encode(envelope)
    }

    public init(line: some Collection<UInt8>) throws(RPCFramingError) {
        guard line.count <= Self.maximumLineLength else { throw .lineTooLong(limit: Self.maximumLineLength) }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(line))
        } catch {
            throw .notJSONRPC(Self.preview(line))
        }
        guard envelope.jsonrpc == "2.0" else { throw .notJSONRPC(Self.preview(line)) }
        switch (envelope.id, envelope.method, envelope.result, envelope.error) {
        case let (id?, method?, nil, nil):
            self = .request(id: id, method: method, params: envelope.params ?? .null)
        case let (nil, method?, nil, nil):
            self = .notification(method: method, params: envelope.params ?? .null)
        case let (id?, nil, result?, nil):
            self = .response(id: id, outcome: .success(result))
        case let (id?, nil, nil, error?):
            self = .response(id: id, outcome: .failure(error))
        case let (id?, nil, nil, nil):
            // "result": null decodes as absent; a null result is still a result.
            self = .response(id: id, outcome: .success(.null))
        default:
            throw .notJSONRPC(Self.preview(line))
        }
    }

    /// The start of an offending line, printable, for error messages.
    public static func preview(_ line: some Collection<UInt8>) -> String {
        let text = String(decoding: line.prefix(80), as: UTF8.self)
        return String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }

    private struct Envelope: Codable {
        var jsonrpc = "2.0"
        var id: Int?
        var method: String?
        var params: RPCValue?
        var result: RPCValue?
        var error: RPCErrorObject?
    }
}
