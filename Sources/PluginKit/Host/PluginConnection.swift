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

    private let process: Process
    private let input: FileHandle
    /// Resolves with the exit status once the process has ended.
    private let exit: Task<Int32, Never>
    private let notify: AsyncStream<PluginNotification>.Continuation
    private var nextID = 1
    private var pending: [Int: (method: String, continuation: CheckedContinuation<RPCValue, any Error>)] = [:]
    private var failure: PluginError?

    private init(descriptor: PluginDescriptor, process: Process, input: FileHandle, exit: Task<Int32, Never>) {
        self.descriptor = descriptor
        self.process = process
        self.input = input
        self.exit = exit
        (notifications, notify) = AsyncStream.makeStream(of: PluginNotification.self)
    }

    /// Starts the plugin and performs the contract handshake.
    public static func launch(
        _ descriptor: PluginDescriptor, hostVersion: String, timeout: Duration = .seconds(5)
    ) async throws(PluginError) -> (PluginConnection, InitializeResult) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: descriptor.executable)
        process.arguments = []
        // Nothing of the daemon's environment: secrets never travel there.
        process.environment = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let (exits, exited) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { process in
            exited.yield(process.terminationStatus)
            exited.finish()
        }
        let exit = Task { await exits.first { _ in true } ?? -1 }
        for handle in [stdin.fileHandleForWriting, stdout.fileHandleForReading, stderr.fileHandleForReading] {
            // Our ends must not leak into other children started meanwhile.
            _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
        }
        do {
            try process.run()
        } catch {
            throw .cannotStart(plugin: descriptor.name, reason: "\(error.localizedDescription)")
        }
        try? stdin.fileHandleForReading.close()
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()

        let connection = PluginConnection(descriptor: descriptor, process: process, input: stdin.fileHandleForWriting, exit: exit)
        let output = PipeReader.stream(stdout.fileHandleForReading.fileDescriptor, limit: RPCMessage.maximumLineLength)
        let errors = PipeReader.stream(stderr.fileHandleForReading.fileDescriptor, limit: 4096)
        Task { await connection.consume(output, keeping: stdout) }
        Task { await connection.consumeErrors(errors, keeping: stderr) }

        let result: InitializeResult
        do {
            result = try await connection.request(
                Contract.Method.initialize, InitializeParams(hostVersion: hostVersion), as: InitializeResult.self, timeout: timeout
            )
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

    /// Sends a request and waits for its answer, at most `timeout`.
    public func request<Result: Decodable>(
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

    /// Asks nothing: stops the process (SIGTERM, then SIGKILL) and waits.
    public func terminate() async {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        process.terminate()
        // A plugin gets a second to clean up after SIGTERM, then SIGKILL.
        let killer = Task {
            try await Task.sleep(for: .seconds(1))
            kill(pid, SIGKILL)
        }
        _ = await exit.value
        killer.cancel()
    }

    public nonisolated var processIdentifier: Int32 { process.processIdentifier }

    // MARK: Incoming

    private func consume(_ output: AsyncStream<PipeReader.Event>, keeping pipe: Pipe) async {
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
                await fail(.exited(plugin: descriptor.name, status: status, lastErrors: recentErrors))
            }
        }
        withExtendedLifetime(pipe) {}
    }

    private func consumeErrors(_ errors: AsyncStream<PipeReader.Event>, keeping pipe: Pipe) async {
        for await event in errors {
            guard case let .line(bytes) = event, !bytes.isEmpty else { continue }
            let line = RPCMessage.preview(bytes.prefix(400))
            recentErrors = Array((recentErrors + [line]).suffix(20))
            notify.yield(.log(LogEntry(level: .warning, message: "\(descriptor.name): \(line)")))
        }
        withExtendedLifetime(pipe) {}
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
            case Contract.Method.state:
                if let state = try? params.decode(TunnelState.self) { notify.yield(.state(state)) }
            case Contract.Method.stats:
                if let stats = try? params.decode(TunnelStats.self) { notify.yield(.stats(stats)) }
            case Contract.Method.log:
                if let entry = try? params.decode(LogEntry.self) {
                    notify.yield(.log(LogEntry(level: entry.level, message: "\(descriptor.name): \(entry.message)")))
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
        return await exit.value
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
