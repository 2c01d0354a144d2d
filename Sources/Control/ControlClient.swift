import FoundationEssentials
import Glibc
import JSONRPC
import SystemSupport

/// The CLI's side: one request, one answer.
public enum ControlClient {
    /// Calls `Method` on the daemon at `path`. The outer error is about
    /// talking at all; the inner result is the daemon's answer or refusal.
    public static func call<Method: RPCMethod>(
        _ method: Method.Type, _ params: Method.Params? = nil, to path: String, timeoutSeconds: Int = 120
    ) async throws(ControlError) -> Result<Method.Result, ControlFailure> {
        let line = ControlWire.line(method, params)
        let outcome: Result<Result<Method.Result, ControlFailure>, ControlError> = await withCheckedContinuation { continuation in
            // Socket I/O blocks: a thread of its own, not the cooperative pool.
            let started = DedicatedThread.start {
                continuation.resume(returning: exchange(method, line, path: path, timeoutSeconds: timeoutSeconds))
            }
            if let started { continuation.resume(returning: .failure(.socket(path: path, errno: started.errno))) }
        }
        return try outcome.get()
    }

    /// Whether a daemon answers on `path`.
    public static func isListening(at path: String) -> Bool {
        UnixSocket.connect(to: path) != nil
    }

    private static func exchange<Method: RPCMethod>(
        _ method: Method.Type, _ request: [UInt8], path: String, timeoutSeconds: Int
    ) -> Result<Result<Method.Result, ControlFailure>, ControlError> {
        guard let socket = UnixSocket.connect(to: path) else {
            switch errno {
            case ENOENT, ECONNREFUSED: return .failure(.daemonNotRunning(path: path))
            case EACCES, EPERM: return .failure(.permissionDenied(path: path))
            default: return .failure(.socket(path: path, errno: errno))
            }
        }
        socket.setTimeout(timeoutSeconds)
        guard socket.write(request), let line = socket.readLine() else {
            return .failure(.noAnswer(path: path))
        }
        guard let answer = ControlWire.decodeResponse(method, line) else { return .failure(.malformedAnswer) }
        return .success(answer)
    }
}
