import Dispatch
import FoundationEssentials
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// What the daemon answers.
public enum ControlReply: Sendable {
    case status(StatusReport)
    case plugins(PluginsReport)
    case probe(ProbeReport)
    /// To `settings` and `set`.
    case settings(SettingsReport)
    case locations(Warned<LocationsListing>)
    case servers(Warned<ServersListing>)
    case refresh(Warned<RefreshSummary>)
    case account(Warned<AccountSummary>)
    case failure(ControlFailure)
}

/// The daemon's side: accepts connections on the control socket and hands
/// each request to `handler`. Sockets block, so each connection gets a
/// thread of its own; the handler runs as a task.
public final class ControlServer: Sendable {
    public let path: String
    private let listener: UnixSocket

    public typealias Handler = @Sendable (ControlRequest, _ peerUID: uid_t?) async -> ControlReply

    private init(path: String, listener: UnixSocket) {
        self.path = path
        self.listener = listener
    }

    /// Listens on `path` (mode 0600, or 0660 for a group) and serves until the process ends.
    public static func start(at path: String, mode: mode_t = 0o600, handler: @escaping Handler) throws(ControlError) -> ControlServer {
        let listener = try UnixSocket.listen(at: path, mode: mode)
        let server = ControlServer(path: path, listener: listener)
        let started = DedicatedThread.start {
            while let connection = listener.accept() {
                // A connection no thread can serve is closed unanswered;
                // the client says the daemon did not answer.
                DedicatedThread.start { serve(connection, handler: handler) }
            }
        }
        if let started { throw .socket(path: path, errno: started.errno) }
        return server
    }

    private static func serve(_ connection: UnixSocket, handler: @escaping Handler) {
        connection.setTimeout(10)
        guard let line = connection.readLine(limit: 64 * 1024) else { return }
        let request: ControlRequest
        switch ControlWire.decodeRequest(line) {
        case let .success(decoded): request = decoded
        case let .failure(refusal):
            _ = connection.write(ControlWire.refusal(refusal))
            return
        }
        let peer = connection.peerUID
        let done = DispatchSemaphore(value: 0)
        let reply = ReplyBox()
        Task {
            reply.value = await handler(request, peer)
            done.signal()
        }
        done.wait()
        let bytes = ControlWire.response(reply.value ?? .failure(ControlFailure(.unexpected, "no answer")))
        _ = connection.write(bytes)
    }

    /// Hands the handler's reply from its task to the connection's thread;
    /// the semaphore orders the accesses.
    private final class ReplyBox: @unchecked Sendable {
        var value: ControlReply?
    }
}
