import Foundation
import PluginKit

/// One openvpn run, from `hold release` to its end: answers its password
/// query, follows `>STATE` to CONNECTED, and afterwards keeps the byte
/// counts and reports the first sign that the tunnel is gone.
actor OpenVPNTunnel {
    /// How long a connect may take in all before it is given up.
    static let connectDeadline: Duration = .seconds(30)
    static let acceptDeadline: Duration = .seconds(10)
    /// openvpn reports its byte counts every second; this long without a
    /// word from it means it hangs.
    static let silenceLimit: Duration = .seconds(5)
    static let authenticationRefused =
        "authentication failed: the server refused the username and account token; check that the account is active and the token is right"

    let request: OpenVPNRequest
    private let process: OpenVPNProcess
    private let management: ManagementClient
    private let events: AsyncStream<TunnelEvent>
    private let emit: AsyncStream<TunnelEvent>.Continuation
    private(set) var stats: TunnelStats?
    /// The tun's IPv4 address as `>STATE` gave it.
    private(set) var localAddress: String?
    private var watcher: Task<Void, Never>?
    private var silenceWatch: Task<Void, Never>?
    private var lastHeard = ContinuousClock.now
    /// Set once it went silent: a hung openvpn gets SIGKILL at once.
    private var hung = false

    private init(request: OpenVPNRequest, process: OpenVPNProcess, management: ManagementClient) {
        self.request = request
        self.process = process
        self.management = management
        (events, emit) = AsyncStream.makeStream(of: TunnelEvent.self)
    }

    var processIdentifier: pid_t { process.processIdentifier }

    /// Starts openvpn on the config already in `directory` and waits for it
    /// to connect to the management socket. On failure openvpn is stopped.
    static func start(_ request: OpenVPNRequest, directory: PrivateDirectory) async throws(PluginFailure) -> OpenVPNTunnel {
        let listener: ManagementListener
        do {
            listener = try ManagementListener(path: directory.managementSocket)
        } catch {
            throw PluginFailure("cannot listen for openvpn's management connection: \(error)")
        }
        defer { listener.close() }
        let process = try OpenVPNProcess.start(config: directory.configFile)
        let gone = Flag()
        Task { _ = await process.exit.value; gone.set() }
        let management: ManagementClient
        do {
            management = try await listener.accept(within: acceptDeadline) { gone.isSet }
        } catch {
            await process.stop()
            let reason = gone.isSet ? "\(await process.exit.value) before it reached its management socket" : "\(error)"
            throw PluginFailure(reason + lastWords(process.output))
        }
        let tunnel = OpenVPNTunnel(request: request, process: process, management: management)
        await tunnel.forwardEvents()
        return tunnel
    }

    private func forwardEvents() {
        let emit = self.emit, management = self.management, process = self.process
        let channel = Task {
            for await message in management.messages { emit.yield(.message(message)) }
            emit.yield(.managementClosed)
        }
        // openvpn's exit closes the channel too: its last words there (a
        // refused password, a fatal error) explain the exit, so they go
        // first, unless the channel hangs on.
        Task {
            let how = await process.exit.value
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await channel.value }
                group.addTask { try? await Task.sleep(for: .seconds(2)) }
                await group.next()
                group.cancelAll()
            }
            emit.yield(.exited(how))
        }
    }

    /// Releases openvpn from its hold and waits for CONNECTED,SUCCESS.
    /// Throws a sentence the user can act on, with openvpn's last lines.
    func connect() async throws(PluginFailure) {
        let emit = self.emit
        let deadline = Task {
            try await Task.sleep(for: Self.connectDeadline)
            emit.yield(.timedOut)
        }
        defer { deadline.cancel() }
        do {
            try management.send(.stateOn)
            try management.send(.byteCount(seconds: 1))
            try management.send(.holdRelease)
        } catch {
            throw PluginFailure("\(error)\(Self.lastWords(process.output))")
        }
        for await event in events {
            if case .message = event { lastHeard = .now }
            if let failure = await failure(of: event, connected: false) {
                throw PluginFailure(failure + Self.lastWords(process.output))
            }
            if case let .message(.state(state)) = event, state.name == "CONNECTED" {
                guard state.detail == "SUCCESS" else {
                    throw PluginFailure("openvpn connected with errors (\(state.detail))\(Self.lastWords(process.output))")
                }
                localAddress = state.localAddress
                return
            }
        }
        throw PluginFailure("the connect was cancelled")
    }

    /// After connect: follows the tunnel, and calls `lost` once with a
    /// reason when it goes away (openvpn exits, its channel closes, it
    /// restarts or fails).
    func watch(notifier: PluginNotifier, lost: @escaping @Sendable (String) async -> Void) {
        lastHeard = .now
        let emit = self.emit
        silenceWatch = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if self.silentTooLong() {
                    emit.yield(.silent)
                    return
                }
            }
        }
        watcher = Task {
            for await event in events {
                if case .message = event { self.heard() }
                if case let .message(.byteCount(received, sent)) = event {
                    let stats = TunnelStats(receivedBytes: received, sentBytes: sent)
                    if self.update(stats) { await notifier.stats(stats) }
                    continue
                }
                if let failure = await self.failure(of: event, connected: true) {
                    await lost(failure)
                    return
                }
            }
        }
    }

    private func heard() { lastHeard = .now }

    private func silentTooLong() -> Bool {
        guard ContinuousClock.now - lastHeard > Self.silenceLimit else { return false }
        hung = true
        return true
    }

    private func update(_ new: TunnelStats) -> Bool {
        defer { stats = new }
        return stats != new
    }

    /// Stops openvpn (SIGTERM, then SIGKILL) and ends the conversation.
    func stop() async {
        silenceWatch?.cancel()
        await process.stop(force: hung)
        management.close()
        emit.finish()
    }

    /// `handle`, except that a closed management channel waits a moment
    /// for openvpn's exit, the better reason: both come when it dies.
    private func failure(of event: TunnelEvent, connected: Bool) async -> String? {
        guard case .managementClosed = event else { return handle(event, connected: connected) }
        let process = self.process
        let exit = await withTaskGroup(of: String?.self) { group in
            group.addTask { await process.exit.value }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return exit ?? handle(event, connected: connected)
    }

    /// What an event means for a tunnel that is (or is becoming) up; nil
    /// when it is fine.
    private func handle(_ event: TunnelEvent, connected: Bool) -> String? {
        switch event {
        case let .message(message):
            switch message {
            case let .needPassword(type) where type == "Auth":
                guard let credentials = request.credentials else {
                    return "the server asks for a username and password, and none were given: the account token is missing"
                }
                do {
                    try management.send(.username(type: type, value: credentials.username))
                    try management.send(.password(type: type, value: credentials.password))
                } catch {
                    return "\(error)"
                }
                return nil
            case let .needPassword(type):
                return "openvpn asks for a \(type) password, which vpnctl does not have"
            case let .verificationFailed(type) where type == "Auth":
                return Self.authenticationRefused
            case let .verificationFailed(type):
                return "authentication failed: \(type)"
            case let .fatal(text):
                return "openvpn stopped: \(text)"
            case let .state(state) where state.name == "RECONNECTING":
                return connected
                    ? "the tunnel to the server broke (\(state.detail)); openvpn would have to reconnect"
                    : "the server did not complete the connection (\(state.detail)): it may be down, its certificate may not match \(request.hostname), or the router may block \(request.transport.rawValue.uppercased()) port \(request.port)"
            case let .state(state) where state.name == "EXITING" && state.detail == "auth-failure":
                return Self.authenticationRefused
            case let .state(state) where state.name == "EXITING":
                return "openvpn is exiting (\(state.detail))"
            default:
                return nil
            }
        case .managementClosed:
            return "openvpn closed its management connection"
        case let .exited(how):
            return how
        case .silent:
            return "openvpn stopped answering (nothing from it for \(Self.silenceLimit.components.seconds) s) and was killed"
        case .timedOut:
            return "no connection to the server within \(Self.connectDeadline.components.seconds) s: it may be down, or the router may block \(request.transport.rawValue.uppercased()) port \(request.port)"
        }
    }

    /// openvpn's last lines, to end an error sentence with.
    private static func lastWords(_ output: RecentLines) -> String {
        let lines = output.last(4)
        return lines.isEmpty ? "" : "; openvpn last said: " + lines.joined(separator: " / ")
    }
}
