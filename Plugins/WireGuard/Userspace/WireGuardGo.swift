import SystemSupport
import Foundation
import PluginKit

/// The userspace WireGuard, for kernels without the module, as `wg-quick`
/// falls back to it: `wireguard-go -f IFNAME` creates the TUN interface and
/// serves the UAPI socket until it is stopped.
final class WireGuardGo: Sendable {
    let interface: String
    private let process: ChildProcess
    private let stopping: StoppingFlag

    private init(interface: String, process: ChildProcess, stopping: StoppingFlag) {
        self.interface = interface
        self.process = process
        self.stopping = stopping
    }

    static var isInstalled: Bool { executable != nil }

    static var executable: String? {
        ["/usr/bin/wireguard-go", "/usr/local/bin/wireguard-go", "/usr/sbin/wireguard-go"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts it and returns once its UAPI socket answers.
    /// `onExit` runs if wireguard-go ends by itself, not through `stop()`.
    static func start(
        interface: String, within deadline: Duration = .seconds(5), onExit: @escaping @Sendable () -> Void = {}
    ) async throws(UAPIError) -> WireGuardGo {
        guard let executable else { throw .unreachable(path: "wireguard-go", errno: ENOENT) }
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                executable, ["-f", interface], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LOG_LEVEL": "error"]
            )
        } catch {
            throw .unreachable(path: executable, errno: ENOEXEC)
        }
        let stopping = StoppingFlag()
        let exited = StoppingFlag()
        Task {
            await process.exitStatus()
            exited.set()
            if !stopping.isSet { onExit() }
        }
        let device = WireGuardGo(interface: interface, process: process, stopping: stopping)
        let client = UAPIClient(interface: interface)
        let end = ContinuousClock.now + deadline
        // The socket appears once wireguard-go is ready; there is no other
        // signal to wait on, so ask until it answers or the deadline passes.
        while ContinuousClock.now < end {
            if (try? await client.get()) != nil { return device }
            guard !exited.isSet else { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        await device.stop()
        throw .unreachable(path: client.socketPath, errno: ETIMEDOUT)
    }

    /// A wireguard-go left running for `interface` by an earlier instance.
    static func running(interface: String) -> Int32? {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in processes {
            guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.first?.hasSuffix("wireguard-go") == true, arguments.last == interface { return pid }
        }
        return nil
    }

    /// Stopping it removes the interface and everything on it.
    func stop() async {
        stopping.set()
        await process.stop()
    }
}

/// Set once, read from wireguard-go's termination handler's thread.
final class StoppingFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
