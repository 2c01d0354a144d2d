import SystemSupport
import Foundation
import PluginKit

/// xl2tpd as the LAC, in the foreground (`-D`) with its own config, pid file
/// and control pipe in the private directory. It is dialled and hung up
/// through the control pipe; each command names a reply FIFO after `@`, into
/// which xl2tpd writes its answer ("00 OK") before removing it. Its output,
/// and that of the pppd it spawns, is kept for error messages.
struct XL2TPD: Sendable {
    static let executable = "/usr/sbin/xl2tpd"
    static let startDeadline: Duration = .seconds(20)
    static let replyDeadline: Duration = .seconds(10)
    static let pidFile = "xl2tpd.pid"
    static let controlPipe = "l2tp-control"

    let directory: PrivateDirectory
    let process: ChildProcess
    let output: RecentLines

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// `onExit` runs whenever it ends, also through `stop()`.
    static func start(directory: PrivateDirectory, config: String, onExit: @escaping @Sendable () -> Void) async throws(PluginFailure) -> XL2TPD {
        guard isInstalled else { throw PluginFailure("xl2tpd is not installed (\(executable)): install the xl2tpd and ppp packages") }
        let process: ChildProcess
        do {
            // Started in the plugin's process group, which the host kills
            // when the plugin dies (never a terminal's foreground group, so
            // no ^C or hangup reaches it). But xl2tpd calls setsid() itself
            // at start, -D or not (consider_pidfile in xl2tpd.c), and so it
            // and the pppd it starts leave the group: a killed plugin's
            // xl2tpd lives on until the fresh instance's cleanup stops it
            // through its pid file (`stopLeftover`), with its pppd.
            process = try ChildProcess.spawn(
                executable, ["-D", "-c", config, "-p", directory.file(pidFile), "-C", directory.file(controlPipe)],
                output: .lines
            )
        } catch {
            throw PluginFailure("cannot start xl2tpd: \(error)")
        }
        let output = RecentLines()
        Task {
            for await line in process.lines { output.append(line) }
        }
        Task {
            await process.exitStatus()
            onExit()
        }
        let daemon = XL2TPD(directory: directory, process: process, output: output)
        // The control pipe is xl2tpd's readiness signal; there is no other.
        let end = ContinuousClock.now + startDeadline
        while !FileManager.default.fileExists(atPath: directory.file(controlPipe)) {
            guard !process.hasExited else { throw PluginFailure("xl2tpd exited at start: \(output.summary())") }
            guard ContinuousClock.now < end else {
                await daemon.stop()
                throw PluginFailure("xl2tpd did not open its control pipe within \(startDeadline.components.seconds) s")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return daemon
    }

    /// Asks for the tunnel and call (`c vpnctl`).
    func dial() async throws(PluginFailure) {
        let reply = try await send("c \(XL2TPDConfig.lacName)")
        guard reply.hasPrefix("00") else { throw PluginFailure("xl2tpd refused to dial: \(reply)") }
    }

    /// Hangs up (`d vpnctl`); best effort, before xl2tpd is stopped.
    func hangUp() async {
        _ = try? await send("d \(XL2TPDConfig.lacName)")
    }

    /// Sends one control command and returns xl2tpd's reply.
    func send(_ command: String) async throws(PluginFailure) -> String {
        let reply = directory.file("reply")
        unlink(reply)
        guard mkfifo(reply, 0o600) == 0 else { throw PluginFailure("cannot create \(reply): \(String(cString: strerror(errno)))") }
        defer { unlink(reply) }
        // The reader blocks in open(2) until xl2tpd opens the FIFO to answer.
        let answer = Task.detached { () -> String in
            await DedicatedThread.run(orHere: { () -> String in
                let descriptor = open(reply, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { return "" }
                let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
                let data = (try? handle.readToEnd()) ?? Data()
                return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            })
        }
        let control = open(directory.file(Self.controlPipe), O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard control >= 0 else {
            Self.release(reply)
            _ = await answer.value
            throw PluginFailure("cannot open xl2tpd's control pipe: \(String(cString: strerror(errno)))")
        }
        let bytes = Array("@\(reply) \(command)".utf8)
        let written = bytes.withUnsafeBytes { write(control, $0.baseAddress, $0.count) }
        close(control)
        guard written == bytes.count else {
            Self.release(reply)
            _ = await answer.value
            throw PluginFailure("cannot write to xl2tpd's control pipe")
        }
        let watchdog = Task {
            try await Task.sleep(for: Self.replyDeadline)
            Self.release(reply)
        }
        let text = await answer.value
        watchdog.cancel()
        guard !text.isEmpty else { throw PluginFailure("xl2tpd did not answer \"\(command)\" within \(Self.replyDeadline.components.seconds) s") }
        return text
    }

    /// Unblocks a reader still waiting in open(2): opening the write end
    /// ourselves and closing it gives it an empty answer.
    private static func release(_ fifo: String) {
        let descriptor = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor >= 0 { close(descriptor) }
    }

    /// TERM makes xl2tpd hang up and stop its pppd.
    func stop() async {
        await process.stop(grace: ProcessControl.stopDeadline)
    }

    /// An xl2tpd a crashed plugin left, from its pid file.
    static func stopLeftover(in directory: PrivateDirectory) async {
        if let pid = directory.pid(pidFile) { await ProcessControl.stop(pid, named: "xl2tpd") }
    }

    /// pppd names its pid file after the interface (`ifname`).
    static func pppdPIDFile(interface: String) -> String { "/var/run/\(interface).pid" }

    static func pppd(interface: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: pppdPIDFile(interface: interface), encoding: .utf8) else { return nil }
        return pid_t(text.split(separator: "\n").first ?? "")
    }

    /// After a hang-up pppd says goodbye to the server (LCP terminate)
    /// through xl2tpd's tunnel. Stopping xl2tpd at once would cut that
    /// short: pppd would wait out its timers and end killed, its pid file
    /// left behind.
    static func waitForPPPD(interface: String) async {
        guard let pid = pppd(interface: interface), ProcessControl.commandName(pid) == "pppd" else { return }
        _ = await ProcessControl.waitForExit(pid, within: ProcessControl.stopDeadline)
    }

    static func stopLeftoverPPPD(interface: String) async {
        guard let pid = pppd(interface: interface) else { return }
        await ProcessControl.stop(pid, named: "pppd")
        // A pppd that was killed could not remove its pid file; the file is
        // named after this plugin's interface, so a stale one is ours.
        if !ProcessControl.isAlive(pid) { unlink(pppdPIDFile(interface: interface)) }
    }
}
