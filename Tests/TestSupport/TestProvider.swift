import Foundation

/// The provider API fixture (Tests/Fixtures/provider-api/provider.py), run as
/// a child process serving HTTPS on 127.0.0.1 from the files in `root`.
///
/// Started with --exit-with-parent: if this process dies without calling
/// `stop()`, the provider notices and exits too.
public final class TestProvider: @unchecked Sendable {
    /// Which certificate the provider presents.
    public enum Certificate: Sendable {
        /// Signed by the lab CA (`caFile`) for 127.0.0.1 and localhost.
        case trusted
        /// Signed by an unrelated CA for 127.0.0.1 and localhost.
        case rogue
        /// Signed by the lab CA, but for wrong-host.invalid only.
        case wrongHost
    }

    public enum StartError: Error, CustomStringConvertible {
        case pki(String)
        case exited(status: Int32, stderr: String)
        case notReady(after: Duration, stderr: String)

        public var description: String {
            switch self {
            case let .pki(detail): "cannot make the test PKI: \(detail)"
            case let .exited(status, stderr): "the test provider exited (status \(status)) before it was ready: \(stderr)"
            case let .notReady(after, stderr): "the test provider did not report ready within \(after): \(stderr)"
            }
        }
    }

    /// `https://127.0.0.1:PORT/`
    public let baseURL: URL
    public let port: Int
    /// The lab CA's certificate (PEM): trust it to trust the provider.
    public let caFile: URL
    public let root: URL

    private let process: Process
    /// stdin (closing it stops the provider) and stdout (kept open, so that
    /// a late write does not meet a closed pipe).
    private let pipes: [Pipe]
    private let logFile: URL
    private let lock = NSLock()
    private var stopped = false

    /// `baseURL` + `path`, as a string.
    public func url(_ path: String) -> String { baseURL.absoluteString + path }

    /// With `networkNamespace` (a name from `ip netns`), the provider serves
    /// on that namespace's 127.0.0.1 instead of this one's.
    public static func start(root: URL, certificate: Certificate = .trusted, networkNamespace: String? = nil,
                             timeout: Duration = .seconds(30)) async throws -> TestProvider {
        LoopbackTraffic.bypassProxies()
        let support = try support.get().url
        let name = switch certificate {
        case .trusted: "server"
        case .rogue: "rogue-server"
        case .wrongHost: "wronghost-server"
        }
        let logFile = support.appendingPathComponent("provider-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `ip netns exec` enters the namespace and execs the provider: still
        // this process's child, so --exit-with-parent works the same.
        process.arguments = (networkNamespace.map { ["ip", "netns", "exec", $0] } ?? []) + [
            "python3", directory.appendingPathComponent("provider.py").path,
            "--root", root.path,
            "--cert", support.appendingPathComponent("\(name).pem").path,
            "--key", support.appendingPathComponent("\(name).key").path,
            "--bind", "127.0.0.1", "--port", "0", "--exit-with-parent",
        ]
        let stdin = Pipe(), stdout = Pipe()
        // Tests start providers concurrently: without close-on-exec, one
        // provider would inherit another's pipe ends and keep them open.
        for handle in [stdin.fileHandleForReading, stdin.fileHandleForWriting, stdout.fileHandleForReading, stdout.fileHandleForWriting] {
            _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
        }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()

        let output = stdout.fileHandleForReading.fileDescriptor
        let ready = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Int, ReadyError>, Never>) in
            // Blocking reads, so off Swift's cooperative pool.
            Thread { continuation.resume(returning: Result { () throws(ReadyError) in try readPort(from: output, within: timeout) }) }.start()
        }
        switch ready {
        case let .success(port):
            return TestProvider(port: port, caFile: support.appendingPathComponent("ca.pem"), root: root,
                                process: process, pipes: [stdin, stdout], logFile: logFile)
        case let .failure(error):
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let stderr = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: logFile)
            switch error {
            case .endOfFile: throw StartError.exited(status: process.terminationStatus, stderr: stderr)
            case .timedOut: throw StartError.notReady(after: timeout, stderr: stderr)
            }
        }
    }

    private init(port: Int, caFile: URL, root: URL, process: Process, pipes: [Pipe], logFile: URL) {
        self.port = port
        baseURL = URL(string: "https://127.0.0.1:\(port)/")!
        self.caFile = caFile
        self.root = root
        self.process = process
        self.pipes = pipes
        self.logFile = logFile
    }

    deinit { stop() }

    /// Terminates the provider and waits for it. Safe to call more than once.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        if process.isRunning { process.terminate() }
        try? pipes[0].fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logFile)
    }

    // MARK: - Private

    /// Tests/Fixtures/provider-api, next to this file's directory.
    private static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/provider-api", isDirectory: true)

    /// The certificates (made once per process) and the providers' stderr
    /// logs; removed when the process exits.
    private static let support: Result<TemporaryDirectory, StartError> = {
        let result = Result { () throws(StartError) in
            let support: TemporaryDirectory
            do { support = try TemporaryDirectory(prefix: "vpnctl-test-provider") } catch { throw .pki("\(error)") }
            let script = Process()
            script.executableURL = URL(fileURLWithPath: "/bin/sh")
            script.arguments = [directory.appendingPathComponent("make-pki.sh").path, support.path]
            do { try script.run() } catch { throw .pki("\(error)") }
            script.waitUntilExit()
            guard script.terminationStatus == 0 else { throw .pki("make-pki.sh exited with status \(script.terminationStatus)") }
            return support
        }
        atexit { if case let .success(support) = TestProvider.support { support.remove() } }
        return result
    }()

    private enum ReadyError: Error {
        case endOfFile, timedOut
    }

    /// The port from the provider's "listening PORT" line.
    private static func readPort(from descriptor: Int32, within timeout: Duration) throws(ReadyError) -> Int {
        let deadline = ContinuousClock.now + timeout
        var line: [UInt8] = []
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw .timedOut }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            var byte: UInt8 = 0
            let count = read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { throw .endOfFile }
            if byte != UInt8(ascii: "\n") {
                line.append(byte)
                continue
            }
            let words = String(decoding: line, as: UTF8.self).split(separator: " ")
            if words.count == 2, words[0] == "listening", let port = Int(words[1]), port > 0 { return port }
            line = [] // not the line we wait for
        }
    }
}
