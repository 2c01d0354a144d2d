import Foundation
import SystemSupport
import Testing
import TestSupport

/// ChildProcess with real programs (/bin/sh, /bin/sleep, /usr/bin/env).
/// Every test runs as a task on Swift's cooperative pool, where plugins
/// spawn their children too.
@Suite struct ChildProcessTests {
    @Test func reportsTheExitStatus() async throws {
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "exit 7"])
        #expect(await child.exitStatus() == 7)
        #expect(child.hasExited)
    }

    @Test func aSignalledExitIs128PlusTheSignal() async throws {
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "kill -USR1 $$"])
        #expect(await child.exitStatus() == 128 + SIGUSR1)
    }

    @Test func deliversStdoutAndStderrLineByLine() async throws {
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "printf 'one\\ntwo\\n'; echo three >&2; printf 'unterminated'"], output: .lines)
        var lines: [String] = []
        for await line in child.lines { lines.append(line) }
        #expect(lines == ["one", "two", "three", "unterminated"])
        #expect(await child.exitStatus() == 0)
    }

    @Test func runCollectsOutputAndStatus() async throws {
        let completion = try await ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], deadline: .seconds(20))
        #expect(completion.status == 3)
        #expect(completion.lines == ["out", "err"])
    }

    @Test func runPassesOnlyTheGivenEnvironment() async throws {
        let completion = try await ChildProcess.run("/usr/bin/env", [], environment: ["ONLY": "this"], deadline: .seconds(20))
        #expect(completion.lines == ["ONLY=this"])
    }

    @Test func runStopsACommandPastItsDeadline() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("vpnctl-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        do throws(ChildProcessError) {
            let completion = try await ChildProcess.run("/bin/sh", ["-c", "echo $$ > \(pidFile); exec sleep 30"], deadline: .milliseconds(300))
            Issue.record("sleep 30 finished within 300 ms with status \(completion.status)")
        } catch {
            guard case let .timedOut(executable, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(executable == "/bin/sh")
            #expect(error.description.contains("did not finish"))
        }
        // run returns only once the command is gone (and reaped): no
        // process of that number is left. Measured by the process, not the
        // clock, which the other suites' load on two cores would stretch.
        let pid = try #require(pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let signalled = kill(pid, 0), reason = errno
        #expect(signalled == -1)
        #expect(reason == ESRCH)
    }

    @Test func aMissingProgramIsAClearError() async throws {
        do throws(ChildProcessError) {
            _ = try ChildProcess.spawn("/nonexistent/vpnctl-helper", [])
            Issue.record("spawned a program that does not exist")
        } catch {
            #expect(error.description == "cannot start /nonexistent/vpnctl-helper: \(String(cString: strerror(ENOENT)))")
        }
    }

    /// The child must not inherit the spawning thread's blocked SIGTERM
    /// (Foundation's Process passes it on from the pool's threads), nor any
    /// ignored signal: a polite stop must work.
    @Test func sigtermIsHonouredThoughTheSpawningThreadBlocksIt() async throws {
        let child = try Self.spawnWithSIGTERMBlocked("/bin/sleep", ["30"])
        #expect(try Self.signalMask("SigBlk", of: child.pid) == 0)
        // Signals 32 and 33 are glibc's own (thread cancellation, setxid),
        // outside what sigfillset covers: posix_spawn leaves them alone.
        #expect(try Self.signalMask("SigIgn", of: child.pid) & 0xFFFF_FFFE_7FFF_FFFF == 0)
        // Ended by SIGTERM itself: a child that ignored it would end by the
        // SIGKILL that follows the grace period.
        #expect(await child.stop(grace: .seconds(20)) == 128 + SIGTERM)
    }

    @Test func stopEscalatesToSIGKILLForAChildThatIgnoresSIGTERM() async throws {
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"], output: .lines)
        var lines = child.lines.makeAsyncIterator()
        // "ready" comes after the trap is set: SIGTERM is ignored from here.
        #expect(await lines.next() == "ready")
        let started = ContinuousClock.now
        #expect(await child.stop(grace: .milliseconds(500)) == 128 + SIGKILL)
        #expect(ContinuousClock.now - started >= .milliseconds(500))
    }

    /// None of this process's descriptors reach the child, though it holds
    /// one that is not close-on-exec and, running tests in parallel, many
    /// more. (The child's own, such as the locale archive `sleep` opens
    /// while it starts, are not ours: the check is by what they point at.)
    @Test(arguments: [ChildProcess.Output.null, .lines])
    func noDescriptorLeaksIntoTheChild(output: ChildProcess.Output) async throws {
        let marker = "/tmp/vpnctl-inheritable-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let inheritable = open(marker, O_RDWR | O_CREAT, 0o600)
        try #require(inheritable > 2)
        defer { close(inheritable); unlink(marker) }
        let child = try ChildProcess.spawn("/bin/sleep", ["30"], output: output)
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd")
        let targets = descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(child.pid)/fd/\($0)") }
        let stdin = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(child.pid)/fd/0")
        await child.stop()
        #expect(!targets.contains(marker), "\(targets)")
        #expect(Set(["0", "1", "2"]).isSubset(of: Set(descriptors)))
        #expect(stdin == "/dev/null")
    }

    @Test func leadsGroupMakesTheChildTheLeaderOfAGroupItsChildrenStayIn() async throws {
        let leader = try ChildProcess.spawn("/bin/sh", ["-c", "sleep 300 & echo $!; wait"], output: .lines, leadsGroup: true)
        let plain = try ChildProcess.spawn("/bin/sleep", ["30"])
        var lines = leader.lines.makeAsyncIterator()
        let helper = try #require(await lines.next().flatMap { pid_t($0) })
        let groups = (leader: Processes.group(of: leader.pid), helper: Processes.group(of: helper), plain: Processes.group(of: plain.pid))
        let sessions = (leader: try Self.session(of: leader.pid), plain: try Self.session(of: plain.pid))
        await leader.stop()
        await plain.stop()
        #expect(leader.processGroup == leader.pid)
        #expect(groups.leader == leader.pid)
        #expect(groups.helper == leader.pid)
        #expect(plain.processGroup == nil)
        #expect(groups.plain == getpgrp())
        // A group, not a session: still the caller's session.
        #expect(sessions.leader == getsid(0) && sessions.plain == getsid(0))
    }

    /// However the leader ends, what is left of its group is killed at once.
    @Test(arguments: [SIGKILL, SIGTERM])
    func aGroupDiesWithItsLeader(_ signal: Int32) async throws {
        let leader = try ChildProcess.spawn("/bin/sh", ["-c", "sleep 300 & echo $!; wait"], output: .lines, leadsGroup: true)
        var lines = leader.lines.makeAsyncIterator()
        let helper = try #require(await lines.next().flatMap { pid_t($0) })
        kill(leader.pid, signal)
        #expect(await leader.exitStatus() == 128 + signal)
        #expect(await Processes.eventually { Processes.isGone(helper) }, "sleep \(helper) outlived its group's leader")
    }

    /// Without a group of its own, a child's children are none of
    /// ChildProcess's business: they outlive it (the plugin's own helpers,
    /// which the host's group kill takes care of).
    @Test func withoutAGroupTheChildsChildrenAreLeftAlone() async throws {
        let parent = try ChildProcess.spawn("/bin/sh", ["-c", "sleep 300 & echo $!"], output: .lines)
        var lines = parent.lines.makeAsyncIterator()
        let orphan = try #require(await lines.next().flatMap { pid_t($0) })
        #expect(await parent.exitStatus() == 0)
        #expect(!Processes.isGone(orphan))
        kill(orphan, SIGKILL)
    }

    @Test func stopKillsTheWholeGroupAfterTheGrace() async throws {
        let leader = try ChildProcess.spawn(
            "/bin/sh", ["-c", "trap '' TERM; sleep 300 & echo $!; while :; do wait; done"], output: .lines, leadsGroup: true
        )
        var lines = leader.lines.makeAsyncIterator()
        let helper = try #require(await lines.next().flatMap { pid_t($0) })
        // The trap is set before sleep starts: both ignore SIGTERM.
        #expect(await leader.stop(grace: .milliseconds(300)) == 128 + SIGKILL)
        #expect(await Processes.eventually { Processes.isGone(helper) }, "sleep \(helper) survived the group's SIGKILL")
    }

    @Test func pipesConnectTheCallerToStdinStdoutAndStderr() async throws {
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "read line; echo \"got $line\"; echo oops >&2; ls /proc/self/fd"], output: .pipes)
        let pipes = try #require(child.pipes)
        let input = FileHandle(fileDescriptor: pipes.input, closeOnDealloc: true)
        let output = FileHandle(fileDescriptor: pipes.output, closeOnDealloc: true)
        let errors = FileHandle(fileDescriptor: pipes.errors, closeOnDealloc: true)
        try input.write(contentsOf: Data("hello\n".utf8))
        try input.close()
        let said = String(decoding: try output.readToEnd() ?? Data(), as: UTF8.self)
        let complained = String(decoding: try errors.readToEnd() ?? Data(), as: UTF8.self)
        #expect(await child.exitStatus() == 0)
        // The listing's own descriptor (3) is ls's opened directory.
        #expect(said.split(separator: "\n") == ["got hello", "0", "1", "2", "3"])
        #expect(complained == "oops\n")
        // The caller's ends (those still open) do not leak into children
        // started meanwhile.
        withExtendedLifetime((output, errors)) {
            #expect(fcntl(pipes.output, F_GETFD) & FD_CLOEXEC != 0)
            #expect(fcntl(pipes.errors, F_GETFD) & FD_CLOEXEC != 0)
        }
    }

    /// Blocks SIGTERM on the current (pool) thread only for the spawn; no
    /// suspension point lies in between, so the thread runs nothing else.
    private static func spawnWithSIGTERMBlocked(_ executable: String, _ arguments: [String]) throws -> ChildProcess {
        var term = sigset_t(), previous = sigset_t()
        sigemptyset(&term)
        sigaddset(&term, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &term, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try ChildProcess.spawn(executable, arguments)
    }

    /// A signal set from /proc/PID/status, bit n-1 for signal n; all
    /// bits when the field is missing, so that the test fails.
    private static func signalMask(_ field: String, of pid: pid_t) throws -> UInt64 {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("\(field):") }
        return line.flatMap { UInt64($0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) } ?? .max
    }

    /// The session id, the fourth field after the command in /proc/PID/stat.
    private static func session(of pid: pid_t) throws -> pid_t? {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 3 ? pid_t(fields[3]) : nil
    }
}
