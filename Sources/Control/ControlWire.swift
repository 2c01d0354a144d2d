import FoundationEssentials
import Glibc
import JSONRPC
import VPNCore

/// The control socket's messages in JSONRPC's framing (the plugin
/// contract's too): one request line, one response line. A refusal is the
/// JSON-RPC error object, its code the exit status the CLI ends with.
enum ControlWire {
    static func request(_ request: ControlRequest) -> [UInt8] {
        switch request {
        case let .connect(params): line(ControlMethods.Connect.self, params)
        case let .probe(params): line(ControlMethods.Probe.self, params)
        case let .set(params): line(ControlMethods.Set.self, params)
        case let .listing(.servers(params)): line(ControlMethods.Servers.self, params)
        case .disconnect: line(ControlMethods.Disconnect.self, nil)
        case .status: line(ControlMethods.Status.self, nil)
        case .plugins: line(ControlMethods.Plugins.self, nil)
        case .settings: line(ControlMethods.Settings.self, nil)
        case .listing(.locations): line(ControlMethods.Locations.self, nil)
        case .listing(.refresh): line(ControlMethods.Refresh.self, nil)
        case .listing(.account): line(ControlMethods.Account.self, nil)
        }
    }

    /// A call of `Method`; without params for those that take none.
    static func line<Method: RPCMethod>(_: Method.Type, _ params: Method.Params?) -> [UInt8] {
        encode(RPCRequest(id: 1, method: Method.name, params: params))
    }

    static func response(_ reply: ControlReply) -> [UInt8] {
        switch reply {
        case let .status(report): encode(RPCResponse(id: 1, result: report))
        case let .plugins(report): encode(RPCResponse(id: 1, result: report))
        case let .probe(report): encode(RPCResponse(id: 1, result: report))
        case let .settings(report): encode(RPCResponse(id: 1, result: report))
        case let .locations(listing): encode(RPCResponse(id: 1, result: listing))
        case let .servers(listing): encode(RPCResponse(id: 1, result: listing))
        case let .refresh(summary): encode(RPCResponse(id: 1, result: summary))
        case let .account(summary): encode(RPCResponse(id: 1, result: summary))
        case let .failure(failure): refusal(failure)
        }
    }

    static func refusal(_ failure: ControlFailure) -> [UInt8] {
        encode(RPCResponse<RPCEmpty>(id: 1, error: RPCErrorObject(code: Int(failure.status.rawValue), message: failure.message)))
    }

    /// The daemon's answer to `Method`, its refusal, or nil when the line is
    /// no answer at all.
    static func decodeResponse<Method: RPCMethod>(_: Method.Type, _ line: [UInt8]) -> Result<Method.Result, ControlFailure>? {
        guard let response = try? JSONDecoder().decode(RPCResponse<Method.Result>.self, from: Data(line)) else { return nil }
        if let error = response.error {
            let status = Int32(exactly: error.code).flatMap(ExitStatus.init(rawValue:)) ?? .unexpected
            return .failure(ControlFailure(status, error.message))
        }
        return response.result.map { .success($0) }
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        // Only our own Codable types: encoding cannot fail.
        (try? RPCLine.encode(value)) ?? Array("{}\n".utf8)
    }

    /// The request, or the refusal to send back: a sentence that says what
    /// was wrong with it, with exit status 64 (usage).
    static func decodeRequest(_ line: [UInt8]) -> Result<ControlRequest, ControlFailure> {
        guard let method = RPCLine.method(of: line) else {
            return .failure(ControlFailure(.usage, "not a vpnctl control request"))
        }
        let data = Data(line)
        switch method {
        case ControlMethods.Connect.name:
            guard let request = try? JSONDecoder().decode(RPCRequest<ConnectRequest>.self, from: data) else { return malformed(method) }
            return .success(.connect(request.params ?? ConnectRequest(location: nil, protocolName: nil)))
        case ControlMethods.Probe.name:
            guard let request = try? JSONDecoder().decode(RPCRequest<ProbeRequest>.self, from: data) else { return malformed(method) }
            return .success(.probe(request.params ?? ProbeRequest()))
        case ControlMethods.Set.name: return decodeSet(data).map(ControlRequest.set)
        case ControlMethods.Disconnect.name: return .success(.disconnect)
        case ControlMethods.Status.name: return .success(.status)
        case ControlMethods.Plugins.name: return .success(.plugins)
        case ControlMethods.Settings.name: return .success(.settings)
        case ControlMethods.Locations.name: return .success(.listing(.locations))
        case ControlMethods.Servers.name:
            guard let request = try? JSONDecoder().decode(RPCRequest<ServersRequest>.self, from: data) else { return malformed(method) }
            return .success(.listing(.servers(request.params ?? ServersRequest(location: nil))))
        case ControlMethods.Refresh.name: return .success(.listing(.refresh))
        case ControlMethods.Account.name: return .success(.listing(.account))
        default:
            return .failure(ControlFailure(.usage, "unknown request \"\(method.prefix(64))\"; is vpnctld older than vpnctl? Restart it (systemctl restart vpnctld)."))
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
            params = try JSONDecoder().decode(RPCRequest<LooseSetParams>.self, from: data).params
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
