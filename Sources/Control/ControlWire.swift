import Foundation
import VPNCore

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
        case let .set(params): encode(Request(method: request.method, params: params))
        case let .listing(.servers(params)): encode(Request(method: request.method, params: params))
        case .disconnect, .status, .plugins, .settings, .listing(.locations), .listing(.refresh), .listing(.account):
            encode(Request<NoParams>(method: request.method))
        }
    }

    /// The request, or the refusal to send back: a sentence that says what
    /// was wrong with it, with exit status 64 (usage).
    static func decodeRequest(_ line: [UInt8]) -> Result<ControlRequest, ControlFailure> {
        let data = Data(line)
        guard let raw = try? JSONDecoder().decode(Envelope.self, from: data), raw.jsonrpc == "2.0" else {
            return .failure(ControlFailure(.usage, "not a vpnctl control request"))
        }
        switch raw.method {
        case "connect":
            guard let request = try? JSONDecoder().decode(Request<ConnectRequest>.self, from: data) else { return malformed("connect") }
            return .success(.connect(request.params ?? ConnectRequest(location: nil, protocolName: nil)))
        case "probe":
            guard let request = try? JSONDecoder().decode(Request<ProbeRequest>.self, from: data) else { return malformed("probe") }
            return .success(.probe(request.params ?? ProbeRequest()))
        case "set": return decodeSet(data).map(ControlRequest.set)
        case "disconnect": return .success(.disconnect)
        case "status": return .success(.status)
        case "plugins": return .success(.plugins)
        case "settings": return .success(.settings)
        case "locations": return .success(.listing(.locations))
        case "servers":
            guard let request = try? JSONDecoder().decode(Request<ServersRequest>.self, from: data) else { return malformed("servers") }
            return .success(.listing(.servers(request.params ?? ServersRequest(location: nil))))
        case "refresh": return .success(.listing(.refresh))
        case "account": return .success(.listing(.account))
        default:
            return .failure(ControlFailure(.usage, "unknown request \"\(raw.method)\"; is vpnctld older than vpnctl? Restart it (systemctl restart vpnctld)."))
        }
    }

    /// `set`'s params, read loosely first so that each mistake gets its own
    /// sentence rather than one "malformed".
    private struct LooseSetParams: Codable {
        var setting: String?
        var enabled: Bool?
    }

    private static func decodeSet(_ data: Data) -> Result<SetRequest, ControlFailure> {
        let names = ProtectionSetting.allCases.map(\.rawValue).joined(separator: ", ")
        let params: LooseSetParams?
        do {
            params = try JSONDecoder().decode(Request<LooseSetParams>.self, from: data).params
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.last?.stringValue == "enabled" {
            return .failure(ControlFailure(.usage, "set: \"enabled\" must be true or false"))
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.last?.stringValue == "setting" {
            return .failure(ControlFailure(.usage, "set: \"setting\" must be a string, one of \(names)"))
        } catch {
            return malformed("set")
        }
        guard let name = params?.setting else {
            return .failure(ControlFailure(.usage, "set: which setting? \"setting\" must be one of \(names)"))
        }
        guard let setting = ProtectionSetting(rawValue: name) else {
            return .failure(ControlFailure(.usage, "set: unknown setting \"\(name.prefix(64))\"; it must be one of \(names)"))
        }
        guard let enabled = params?.enabled else {
            return .failure(ControlFailure(.usage, "set: on or off? \"enabled\" (true or false) is missing"))
        }
        return .success(SetRequest(setting: setting, enabled: enabled))
    }

    private static func malformed<T>(_ method: String) -> Result<T, ControlFailure> {
        .failure(ControlFailure(.usage, "malformed parameters for \(method)"))
    }
}
