import SystemSupport
import Foundation

/// The CLI's side: one request, one answer.
public enum ControlClient {
    /// Sends `request` to the daemon at `path`. The outer error is about
    /// talking at all; the inner result is the daemon's answer or refusal.
    public static func send<Answer: Codable & Sendable>(
        _ request: ControlRequest, to path: String, expecting _: Answer.Type, timeoutSeconds: Int = 120
    ) async throws(ControlError) -> Result<Answer, ControlFailure> {
        let outcome: Result<Result<Answer, ControlFailure>, ControlError> = await withCheckedContinuation { continuation in
            // Socket I/O blocks: a thread of its own, not the cooperative pool.
            let started = DedicatedThread.start {
                continuation.resume(returning: exchange(request, path: path, timeoutSeconds: timeoutSeconds))
            }
            if let started { continuation.resume(returning: .failure(.socket(path: path, errno: started.errno))) }
        }
        return try outcome.get()
    }

    /// Whether a daemon answers on `path`.
    public static func isListening(at path: String) -> Bool {
        UnixSocket.connect(to: path) != nil
    }

    private static func exchange<Answer: Codable>(
        _ request: ControlRequest, path: String, timeoutSeconds: Int
    ) -> Result<Result<Answer, ControlFailure>, ControlError> {
        guard let socket = UnixSocket.connect(to: path) else {
            switch errno {
            case ENOENT, ECONNREFUSED: return .failure(.daemonNotRunning(path: path))
            case EACCES, EPERM: return .failure(.permissionDenied(path: path))
            default: return .failure(.socket(path: path, errno: errno))
            }
        }
        socket.setTimeout(timeoutSeconds)
        guard socket.write(ControlWire.request(request)), let line = socket.readLine() else {
            return .failure(.noAnswer(path: path))
        }
        guard let response = try? JSONDecoder().decode(ControlWire.Response<Answer>.self, from: Data(line)) else {
            return .failure(.malformedAnswer)
        }
        if let error = response.error { return .success(.failure(error)) }
        guard let result = response.result else { return .failure(.malformedAnswer) }
        return .success(.success(result))
    }
}
