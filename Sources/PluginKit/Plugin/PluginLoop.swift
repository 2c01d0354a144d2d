import JSONRPC
import SystemSupport
import Foundation

/// The plugin side of the contract: a plugin's `main` calls
/// `await PluginLoop.run(handler)`. Requests are answered concurrently (a
/// `status` while a `connect` is under way). When the host goes away (stdin
/// closes: it stopped, or crashed) the plugin disconnects and `run`
/// returns, and with the plugin's `main` the process ends: nothing it set
/// up outlives the host, and no helper is left for a group kill to find.
public enum PluginLoop {
    public static func run(
        _ handler: some PluginHandler, input: FileHandle = .standardInput, output: FileHandle = .standardOutput
    ) async {
        // A host that is gone must not kill the plugin by SIGPIPE on its
        // next answer, before it undid what it set up. (Helpers get default
        // signal handling back from ChildProcess.)
        signal(SIGPIPE, SIG_IGN)
        let notifier = PluginNotifier(output: output)
        let input = PipeReader.stream(input.fileDescriptor, limit: RPCMessage.maximumLineLength)
        await withTaskGroup(of: Void.self) { group in
            for await event in input {
                guard case let .line(bytes) = event, !bytes.isEmpty else { continue }
                guard case let .request(id, method, params)? = try? RPCMessage(line: bytes) else { continue }
                group.addTask {
                    let outcome = await answer(method, params, handler: handler, notifier: notifier)
                    await notifier.send(.response(id: id, outcome: outcome))
                }
            }
            group.cancelAll()
        }
        _ = try? await handler.disconnect(DisconnectParams())
    }

    static func answer(
        _ method: String, _ params: RPCValue, handler: some PluginHandler, notifier: PluginNotifier
    ) async -> Result<RPCValue, RPCErrorObject> {
        do {
            let result: any Encodable
            switch method {
            case Contract.Initialize.name:
                result = try await handler.initialize(try decode(params))
            case Contract.Connect.name:
                result = try await handler.connect(try decode(params), notifier: notifier)
            case Contract.Status.name:
                result = try await handler.status()
            case Contract.Disconnect.name:
                // Contract 1 hosts may send no params at all.
                let params: DisconnectParams = (params == .null) ? DisconnectParams() : try decode(params)
                result = try await handler.disconnect(params)
            default:
                return .failure(RPCErrorObject(code: RPCErrorObject.methodNotFound, message: "unknown method \(method)"))
            }
            return .success(try RPCValue(encoding: result))
        } catch let error as InvalidParams {
            return .failure(RPCErrorObject(code: RPCErrorObject.invalidParams, message: error.description))
        } catch {
            return .failure(RPCErrorObject(code: RPCErrorObject.operationFailed, message: "\(error)"))
        }
    }

    private struct InvalidParams: Error, CustomStringConvertible {
        let description: String
    }

    private static func decode<T: Decodable>(_ params: RPCValue) throws -> T {
        do {
            return try params.decode(T.self)
        } catch {
            throw InvalidParams(description: "malformed parameters")
        }
    }
}
