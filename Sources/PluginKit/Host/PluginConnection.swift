import JSONRPC
import SystemSupport
import Foundation

/// A running plugin process and the JSON-RPC conversation with it.
///
/// Requests carry a deadline; a plugin that misses one, exits, or writes
/// anything that is not a contract message is killed, every waiting request
/// fails with the reason, and `notifications` ends with `.failed`. The host
/// itself never goes down with a plugin.
public actor PluginConnection {
    public nonisolated let descriptor: PluginDescriptor
    public nonisolated let notifications: AsyncStream<PluginNotification>
    /// The plugin's last stderr lines, which also go out as log notifications.
    public private(set) var recentErrors: [String] = []

    private let process: ChildProcess
    /// When the plugin started, recorded with its group so that a later
    /// daemon ends this process's group and no other (`killLeftoverGroup`).
    public nonisolated let processStart: ProcessStart?
    private let input: FileHandle
    private let notify: AsyncStream<PluginNotification>.Continuation
    private var nextID = 1
    private var pending: [Int: (method: String, continuation: CheckedContinuation<RPCValue, any Error>)] = [:]
    private var failure: PluginError?
    /// Whether the plugin's stderr has ended, and who waits for it to.
    private var errorsEnded = false
    private var errorsWaiters: [CheckedContinuation<Void, Never>] = []
    /// A plugin's log lines and stats: a burst of 200, then 50 a second.
    private var logBudget = RateBudget(burst: 200, perSecond: 50)

    /// How long a plugin has to leave after SIGTERM before its group is killed.
    static let terminationGrace: Duration = .seconds(1)

    private init(descriptor: PluginDescriptor, process: ChildProcess, input: FileHandle) {
        self.descriptor = descriptor
        self.process = process
        processStart = ProcessStart.of(process.pid)
        self.input = input
        (notifications, notify) = AsyncStream.makeStream(of: PluginNotification.self)
    }

    /// Starts the plugin and performs the contract handshake.
    ///
    /// The plugin leads a process group of its own, which every helper it
    /// starts stays in: when the plugin ends, however it ends, the host
    /// SIGKILLs what is left of the group at once, so no wireguard-go or
    /// openvpn outlives the plugin that owned it.
    public static func launch(
        _ descriptor: PluginDescriptor, hostVersion: String, timeout: Duration = .seconds(5)
    ) async throws(PluginError) -> (PluginConnection, InitializeResult) {
        let process: ChildProcess
        do {
            // Nothing of the daemon's environment: secrets never travel there.
            process = try ChildProcess.spawn(
                descriptor.executable, [],
                environment: ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"],
                output: .pipes, leadsGroup: true
            )
        } catch {
            throw .cannotStart(plugin: descriptor.name, reason: error.description)
        }
        guard let pipes = process.pipes else { preconditionFailure("spawned with .pipes") }

        let connection = PluginConnection(descriptor: descriptor, process: process,
                                          input: FileHandle(fileDescriptor: pipes.input, closeOnDealloc: true))
        let output = PipeReader.stream(pipes.output, limit: RPCMessage.maximumLineLength)
        let errors = PipeReader.stream(pipes.errors, limit: 4096)
        Task { await connection.consume(output, closing: pipes.output) }
        Task { await connection.consumeErrors(errors, closing: pipes.errors) }

        let result: InitializeResult
        do {
            result = try await connection.call(Contract.Initialize.self, InitializeParams(hostVersion: hostVersion), timeout: timeout)
        } catch {
            await connection.terminate()
            throw error
        }
        guard result.contractVersion == Contract.version else {
            let error = PluginError.contractMismatch(plugin: descriptor.name, theirs: result.contractVersion, ours: Contract.version)
            await connection.fail(error)
            throw error
        }
        return (connection, result)
    }

    /// Calls one of the contract's methods and waits for its answer, at
    /// most `timeout`: the method's type fixes its params and result.
    public func call<Method: RPCMethod>(_: Method.Type, _ params: Method.Params, timeout: Duration) async throws(PluginError) -> Method.Result {
        try await request(Method.name, params, as: Method.Result.self, timeout: timeout)
    }

    /// Sends a request and waits for its answer, at most `timeout`.
    private func request<Result: Decodable>(
        _ method: String, _ params: some Encodable, as _: Result.Type, timeout: Duration
    ) async throws(PluginError) -> Result {
        let name = descriptor.name
        if let failure { throw failure }
        let id = nextID
        nextID += 1
        let value: RPCValue
        do {
            let params = try RPCValue(encoding: params)
            value = try await withCheckedThrowingContinuation { continuation in
                pending[id] = (method, continuation)
                do {
                    try input.write(contentsOf: RPCMessage.request(id: id, method: method, params: params).encodedLine())
                } catch {
                    pending[id] = nil
                    continuation.resume(throwing: failure ?? PluginError.exited(plugin: name, status: -1, lastErrors: recentErrors))
                    return
                }
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    await self?.expire(id, after: timeout)
                }
            }
        } catch let error as PluginError {
            throw error
        } catch {
            throw .cannotStart(plugin: name, reason: "\(error)")
        }
        do {
            return try value.decode(Result.self)
        } catch {
            await fail(.invalidResult(plugin: name, method: method))
            throw .invalidResult(plugin: name, method: method)
        }
    }

    /// Asks nothing: SIGTERM to the plugin, SIGKILL to its whole process
    /// group after a second's grace, and waits until the plugin is gone.
    /// Whatever of the group outlived the plugin is SIGKILLed the moment
    /// the plugin ends, so nothing of it is left when this returns (a
    /// member may still be on its way out of the kernel: SIGKILL is not
    /// instant, but it cannot be ignored).
    public func terminate() async {
        await process.stop(grace: Self.terminationGrace)
    }

    public nonisolated var processIdentifier: Int32 { process.pid }

    /// The plugin's process group id (the plugin's pid; its helpers are
    /// members). The daemon records it with the plugin's executable, so
    /// that after a crash of its own the next daemon can end a group that
    /// is still there: `killLeftoverGroup(_:executable:)`.
    public nonisolated var processGroup: Int32 { process.processGroup ?? process.pid }

    /// Ends the process group a dead daemon's plugin led (`processGroup`,
    /// recorded with the descriptor's `executable`), after a crash of the
    /// daemon: SIGKILL to the whole group, but only if one of its live
    /// members still runs `executable`. A group whose number was reused by
    /// unrelated processes is never touched. Returns once the killed
    /// members are gone (at most `deadline`). What the plugin set up
    /// (interface, routes) is then removed by a fresh instance's
    /// `disconnect` with the interface, as after any crash.
    public static func killLeftoverGroup(
        _ group: Int32, executable: String, started: ProcessStart? = nil, deadline: Duration = .seconds(5)
    ) async throws(LeftoverGroupError) -> LeftoverGroup {
        guard group > 1 else { throw .invalidGroup(group) }
        guard group != getpgrp() else { throw .ownGroup(group) }
        guard executable.hasPrefix("/"), !executable.contains("\0") else { throw .invalidExecutable(executable) }
        let members = ProcessTable.members(ofGroup: group)
        guard !members.isEmpty else { return .gone }
        guard members.contains(where: { ProcessTable.runs($0, executable: executable) }) else { return .foreign(members) }
        // With its start recorded, the group is the plugin's only while the
        // plugin that leads it is that very process, not a later one that
        // got the same number and runs the same file.
        if let started, ProcessStart.of(group) != started { return .foreign(members) }
        // The plugin found alive holds the group's number: it cannot have
        // been given to another group between the look and the kill.
        kill(-group, SIGKILL)
        // Not our children (init reaps them): their end shows only in /proc.
        let end = ContinuousClock.now + deadline
        while !ProcessTable.members(ofGroup: group).isEmpty {
            guard ContinuousClock.now < end else { return .survived(ProcessTable.members(ofGroup: group)) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return .killed(members)
    }

    // MARK: Incoming

    private func consume(_ output: AsyncStream<PipeReader.Event>, closing pipe: Int32) async {
        for await event in output {
            switch event {
            case let .line(bytes):
                guard !bytes.isEmpty else { continue }
                do {
                    try handle(RPCMessage(line: bytes))
                } catch {
                    await fail(.malformedOutput(plugin: descriptor.name, detail: error.description))
                }
            case .tooLong:
                await fail(.malformedOutput(plugin: descriptor.name, detail: RPCFramingError.lineTooLong(limit: RPCMessage.maximumLineLength).description))
            case .end:
                let status = await exitStatus()
                // Its last words on stderr (why it exited) may still be on
                // their way: the two pipes are read apart.
                await errorsEnd(within: .milliseconds(500))
                await fail(.exited(plugin: descriptor.name, status: status, lastErrors: recentErrors))
            }
        }
        // The reading thread is done with it once the stream has finished.
        close(pipe)
    }

    private func consumeErrors(_ errors: AsyncStream<PipeReader.Event>, closing pipe: Int32) async {
        for await event in errors {
            guard case let .line(bytes) = event, !bytes.isEmpty else { continue }
            let line = RPCMessage.preview(bytes.prefix(400))
            recentErrors = Array((recentErrors + [line]).suffix(20))
            passOn(.log(LogEntry(level: .warning, message: "\(descriptor.name): \(line)")))
        }
        close(pipe)
        errorsEnded = true
        releaseErrorsWaiters()
    }

    /// Returns once stderr has ended, or after `limit`: a helper outside
    /// the plugin's group may hold it open.
    private func errorsEnd(within limit: Duration) async {
        guard !errorsEnded else { return }
        Task { [weak self] in
            try? await Task.sleep(for: limit)
            await self?.releaseErrorsWaiters()
        }
        await withCheckedContinuation { errorsWaiters.append($0) }
    }

    private func releaseErrorsWaiters() {
        let waiters = errorsWaiters
        errorsWaiters.removeAll()
        waiters.forEach { $0.resume() }
    }

    /// Logs and stats, within the plugin's budget.
    private func passOn(_ notification: PluginNotification) {
        let (passes, dropped) = logBudget.admit()
        guard passes else { return }
        if dropped > 0 {
            notify.yield(.log(LogEntry(level: .warning, message: "\(descriptor.name): \(dropped) log lines or stats dropped (it said too much too fast)")))
        }
        notify.yield(notification)
    }

    private func handle(_ message: RPCMessage) throws(RPCFramingError) {
        switch message {
        case let .response(id, outcome):
            guard let waiting = pending.removeValue(forKey: id) else { return }
            switch outcome {
            case let .success(value):
                waiting.continuation.resume(returning: value)
            case let .failure(error):
                waiting.continuation.resume(throwing: PluginError.failed(plugin: descriptor.name, method: waiting.method, message: error.message))
            }
        case let .notification(method, params):
            switch method {
            case Contract.StateNotification.name:
                if let state = try? params.decode(Contract.StateNotification.Params.self) { notify.yield(.state(state)) }
            case Contract.StatsNotification.name:
                if let stats = try? params.decode(Contract.StatsNotification.Params.self) { passOn(.stats(stats)) }
            case Contract.LogNotification.name:
                if let entry = try? params.decode(Contract.LogNotification.Params.self) {
                    passOn(.log(LogEntry(level: entry.level, message: "\(descriptor.name): \(entry.message)")))
                }
            default:
                break // Unknown notifications are ignored: later contract versions may add some.
            }
        case .request:
            throw .notJSONRPC("a request; plugins only answer and notify")
        }
    }

    private func expire(_ id: Int, after timeout: Duration) async {
        guard let waiting = pending[id] else { return }
        await fail(.timedOut(plugin: descriptor.name, method: waiting.method, seconds: timeout.seconds))
    }

    /// Kills the plugin and fails everything waiting, once.
    private func fail(_ error: PluginError) async {
        guard failure == nil else { return }
        failure = error
        let waiting = pending
        pending.removeAll()
        for (_, entry) in waiting { entry.continuation.resume(throwing: error) }
        try? input.close()
        await terminate()
        notify.yield(.failed(error))
        notify.finish()
    }

    /// Output ended: the process is gone or going. A plugin that closed its
    /// output but lingers is stopped.
    private func exitStatus() async -> Int32 {
        let reaper = Task { [weak self] in
            try await Task.sleep(for: .seconds(2))
            await self?.terminate()
        }
        defer { reaper.cancel() }
        return await process.exitStatus()
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
