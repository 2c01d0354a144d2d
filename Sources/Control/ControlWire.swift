import Foundation

/// The JSON-RPC 2.0 envelopes of the control socket.
enum ControlWire {
    struct Request<Params: Codable>: Codable {
        var jsonrpc = "2.0"
        var id = 1
        var method: String
        var params: Params?
    }

    /// What every request has, read before its params' type is known.
    private struct Envelope: Decodable {
        var jsonrpc: String
        var method: String
    }

    /// For requests without params.
    struct NoParams: Codable {}

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
        case let .probe(params): encode(Request(method: request.method, params: params))
        default: encode(Request<NoParams>(method: request.method))
        }
    }

    static func decodeRequest(_ line: [UInt8]) -> ControlRequest? {
        let data = Data(line)
        guard let raw = try? JSONDecoder().decode(Envelope.self, from: data), raw.jsonrpc == "2.0" else { return nil }
        switch raw.method {
        case "connect":
            guard let request = try? JSONDecoder().decode(Request<ConnectRequest>.self, from: data) else { return nil }
            return .connect(request.params ?? ConnectRequest(location: nil, protocolName: nil))
        case "probe":
            guard let request = try? JSONDecoder().decode(Request<ProbeRequest>.self, from: data) else { return nil }
            return .probe(request.params ?? ProbeRequest())
        case "disconnect": return .disconnect
        case "status": return .status
        case "plugins": return .plugins
        default: return nil
        }
    }
}
