import Dispatch
import FoundationEssentials
import Synchronization
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
/// thread of its own; the handler runs as a task. Every door has a limit:
/// who may ask (the peer's uid, from the kernel), how many at once, and how
/// long a request may take to arrive.
public final class ControlServer: Sendable {
    public let path: String
    private let listener: UnixSocket

    public typealias Handler = @Sendable (ControlRequest, _ peerUID: uid_t?) async -> ControlReply

    public struct Limits: Sendable {
        /// Connections served at once; one more is told the daemon is busy.
        public var connections = 16
        /// For the whole request line, however slowly its bytes come.
        public var requestDeadline: Duration = .seconds(5)
        /// Who may ask, by the uid the kernel gives for the peer.
        public var admits: @Sendable (uid_t) -> Bool = { $0 == 0 || $0 == geteuid() }

        public init() {}
    }

    private init(path: String, listener: UnixSocket) {
        self.path = path
        self.listener = listener
    }

    /// Listens on `path` (mode 0600, or 0660 for a group) and serves until the process ends.
    public static func start(
        at path: String, mode: mode_t = 0o600, limits: Limits = Limits(), handler: @escaping Handler
    ) throws(ControlError) -> ControlServer {
        let listener = try UnixSocket.listen(at: path, mode: mode)
        let server = ControlServer(path: path, listener: listener)
        let serving = Mutex(0)
        let started = DedicatedThread.start {
            while let connection = listener.accept() {
                let admitted = serving.withLock { count in
                    guard count < limits.connections else { return false }
                    count += 1
                    return true
                }
                guard admitted else {
                    connection.writeWithoutWaiting(ControlWire.refusal(ControlFailure(
                        .unavailable, "The daemon is answering \(limits.connections) requests already; try again in a moment."
                    )))
                    continue
                }
                // A connection no thread can serve is closed unanswered;
                // the client says the daemon did not answer.
                let failed = DedicatedThread.start {
                    serve(connection, limits: limits, handler: handler)
                    serving.withLock { $0 -= 1 }
                }
                if failed != nil { serving.withLock { $0 -= 1 } }
            }
        }
        if let started { throw .socket(path: path, errno: started.errno) }
        return server
    }

    private static func serve(_ connection: UnixSocket, limits: Limits, handler: @escaping Handler) {
        connection.setTimeout(10)
        let peer = connection.peerUID
        guard let peer, limits.admits(peer) else {
            _ = connection.write(ControlWire.refusal(ControlFailure(
                .permission, "uid \(peer.map(String.init) ?? "unknown") may not control vpnctl: ask an administrator to run the command, or to add you to the group that may"
            )))
            return
        }
        guard let line = connection.readLine(limit: 64 * 1024, deadline: .now + limits.requestDeadline) else { return }
        let request: ControlRequest
        switch ControlWire.decodeRequest(line) {
        case let .success(decoded): request = decoded
        case let .failure(refusal):
            _ = connection.write(ControlWire.refusal(refusal))
            return
        }
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
