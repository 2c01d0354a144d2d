import FoundationEssentials
import Glibc

/// The framing both of vpnctl's JSON-RPC 2.0 channels use (the control
/// socket, a plugin's stdin and stdout): one message per line, UTF-8 JSON
/// with sorted keys, at most `maximumLength` bytes.
public enum RPCLine {
    /// The largest line accepted; a peer writing more is broken.
    public static let maximumLength = 1 << 20

    /// `value` as one line, newline included. JSONEncoder escapes control
    /// characters, so the line holds no other newline.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [0x0A]
    }

    /// What every request has, read before its params' type is known: the
    /// method, or nil when the line is no JSON-RPC 2.0 request.
    public static func method(of line: some Collection<UInt8>) -> String? {
        guard line.count <= maximumLength,
              let head = try? JSONDecoder().decode(Head.self, from: Data(line)), head.jsonrpc == "2.0" else { return nil }
        return head.method
    }

    private struct Head: Decodable {
        var jsonrpc: String
        var method: String
    }
}

/// A request with typed params, for a channel whose methods are known.
public struct RPCRequest<Params: Codable>: Codable {
    public var jsonrpc = "2.0"
    public var id: Int
    public var method: String
    public var params: Params?

    public init(id: Int, method: String, params: Params?) {
        self.id = id
        self.method = method
        self.params = params
    }
}

/// A response with a typed result, or the error object.
public struct RPCResponse<Result: Codable>: Codable {
    public var jsonrpc = "2.0"
    public var id: Int
    public var result: Result?
    public var error: RPCErrorObject?

    public init(id: Int, result: Result) {
        self.id = id
        self.result = result
    }

    public init(id: Int, error: RPCErrorObject) {
        self.id = id
        self.error = error
    }
}

/// For methods without params or without a result worth a type.
public struct RPCEmpty: Codable, Sendable, Hashable {
    public init() {}
}

/// One method of a contract: its name on the wire and the types of its
/// params and result, so that a caller cannot pair the wrong ones.
public protocol RPCMethod {
    associatedtype Params: Codable & Sendable
    associatedtype Result: Codable & Sendable
    static var name: String { get }
}

/// One notification of a contract: its name and the type of its params.
public protocol RPCNotification {
    associatedtype Params: Codable & Sendable
    static var name: String { get }
}
