import Foundation

/// The JSON-RPC 2.0 envelopes of the control socket.
enum ControlWire {
    struct Request: Codable {
        var jsonrpc = "2.0"
        var id = 1
        var method: String
        var params: ConnectRequest?
    }

    struct Response<Result: Codable>: Codable {
        var jsonrpc = "2.0"
        var id = 1
        var result: Result?
        var error: ControlFailure?
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8)) + [0x0A]
    }

    static func request(_ request: ControlRequest) -> [UInt8] {
        switch request {
        case let .connect(params): encode(Request(method: request.method, params: params))
        default: encode(Request(method: request.method))
        }
    }

    static func decodeRequest(_ line: [UInt8]) -> ControlRequest? {
        guard let raw = try? JSONDecoder().decode(Request.self, from: Data(line)), raw.jsonrpc == "2.0" else { return nil }
        switch raw.method {
        case "connect": return .connect(raw.params ?? ConnectRequest(location: nil, protocolName: nil))
        case "disconnect": return .disconnect
        case "status": return .status
        case "plugins": return .plugins
        default: return nil
        }
    }
}
