import Foundation
import PluginKit
import SystemSupport
import Testing
import TestSupport

/// A plugin and the helpers it starts form one process group that the
/// host kills whole: no helper outlives its plugin, whether the plugin
/// crashes, is killed, or is stopped; and a daemon that crashed can end a
/// plugin group it left, without ever killing a group that is not one.
@Suite struct PluginProcessGroupTests {
    let plugins = try! TestPlugins()

    /// The helper's pid that the test plugin names in its notes.
    static func helper(_ hello: InitializeResult) throws -> pid_t {
        let note = try #require(hello.notes.first { $0.hasPrefix("helper=") })
        return try #require(pid_t(note.dropFirst("helper=".count)))
    }

    @Test func thePluginLeadsAGroupOfItsOwnThatHoldsItsHelpers() async throws {
        let (plugin, hello) = try await PluginConnection.launch(try plugins.install("helper"), hostVersion: "test")
        let helper = try Self.helper(hello)
        #expect(plugin.processGroup == plugin.processIdentifier)
        #expect(Processes.group(of: plugin.processIdentifier) == plugin.processIdentifier)
        #expect(Processes.group(of: helper) == plugin.processGroup)
        #expect(plugin.processGroup != getpgrp())
        await plugin.terminate()
    }

    @Test func aKilledPluginsHelperDiesWithIt() async throws {
        let (plugin, hello) = try await PluginConnection.launch(try plugins.install("helper"), hostVersion: "test")
        let helper = try Self.helper(hello)
        try #require(!Processes.isGone(helper))
        kill(plugin.processIdentifier, SIGKILL)
        var last: PluginNotification?
        for await notification in plugin.notifications { last = notification }
        guard case let .failed(.exited(_, status, _))? = last else { Issue.record("last notification \(String(describing: last))"); return }
        #expect(status == 128 + SIGKILL)
        #expect(PluginError.exited(plugin: "helper", status: status, lastErrors: []).description.contains("was killed by signal 9"))
        #expect(await Processes.eventually { Processes.isGone(helper) }, "the helper \(helper) outlived its killed plugin")
        #expect(Processes.members(ofGroup: plugin.processGroup).isEmpty)
    }

    /// A plugin that ends by itself, not through `terminate()`, takes its
    /// helper along too: the host kills the group the moment it sees the
    /// plugin end.
    @Test func aPluginThatEndsByItselfTakesItsHelperAlong() async throws {
        let (plugin, hello) = try await PluginConnection.launch(try plugins.install("helper"), hostVersion: "test")
        let helper = try Self.helper(hello)
        // To the plugin's pid alone: the helper does not receive it.
        kill(plugin.processIdentifier, SIGTERM)
        for await _ in plugin.notifications {}
        #expect(await Processes.eventually { Processes.isGone(helper) }, "the helper \(helper) outlived its plugin")
    }

    @Test func terminateEndsTheWholeGroup() async throws {
        let (plugin, hello) = try await PluginConnection.launch(try plugins.install("helper"), hostVersion: "test")
        let helper = try Self.helper(hello), group = plugin.processGroup
        await plugin.terminate()
        #expect(Processes.isGone(plugin.processIdentifier))
        #expect(await Processes.eventually { Processes.members(ofGroup: group).isEmpty }, "left in the group: \(Processes.members(ofGroup: group))")
        #expect(Processes.isGone(helper))
    }

    /// The plugin and its helper ignore SIGTERM: only the SIGKILL to the
    /// whole group after the grace ends them.
    @Test func terminateKillsAGroupThatIgnoresSIGTERM() async throws {
        let (plugin, hello) = try await PluginConnection.launch(try plugins.install("stubborn"), hostVersion: "test")
        let helper = try Self.helper(hello), group = plugin.processGroup
        let started = ContinuousClock.now
        await plugin.terminate()
        #expect(ContinuousClock.now - started >= .seconds(1), "ended before the grace, so not by the group's SIGKILL")
        #expect(Processes.isGone(plugin.processIdentifier))
        #expect(await Processes.eventually { Processes.members(ofGroup: group).isEmpty }, "left in the group: \(Processes.members(ofGroup: group))")
        #expect(Processes.isGone(helper))
    }

    // MARK: A group a crashed daemon left

    /// A plugin as a dead daemon leaves it: running, in its group, with its
    /// helper; its stdin held open, as the dead daemon's would be by no one
    /// (the test keeps it open so the plugin does not end by itself).
    func orphanedPlugin(_ mode: String) throws -> ChildProcess {
        let executable = try plugins.install(mode).executable
        return try ChildProcess.spawn(executable, [], output: .pipes, leadsGroup: true)
    }

    @Test func aLeftoverPluginGroupIsKilledWhole() async throws {
        let descriptor = try plugins.install("helper")
        let plugin = try orphanedPlugin("helper")
        defer { plugin.pipes.map { [$0.input, $0.output, $0.errors].forEach { close($0) } } }
        let group = try #require(plugin.processGroup)
        // The plugin starts its helper first thing.
        #expect(await Processes.eventually { Processes.members(ofGroup: group).count == 2 })
        let members = Processes.members(ofGroup: group)

        let outcome = try await PluginConnection.killLeftoverGroup(group, executable: descriptor.executable)
        #expect(outcome == .killed(members))
        #expect(Processes.members(ofGroup: group).isEmpty)
        #expect(await plugin.exitStatus() == 128 + SIGKILL)
        #expect(try await PluginConnection.killLeftoverGroup(group, executable: descriptor.executable) == .gone)
    }

    /// A daemon's record names its plugin by group and start: a plugin of
    /// the same file leading a group of that number, but started at another
    /// time (the number was reused), is someone else's and left alone.
    @Test func aGroupLedByALaterProcessOfTheSameFileIsNotKilled() async throws {
        let descriptor = try plugins.install("helper")
        let plugin = try orphanedPlugin("helper")
        defer { plugin.pipes.map { [$0.input, $0.output, $0.errors].forEach { close($0) } } }
        let group = try #require(plugin.processGroup)
        #expect(await Processes.eventually { Processes.members(ofGroup: group).count == 2 })
        let start = try #require(ProcessStart.of(plugin.pid))
        let earlier = ProcessStart(ticks: start.ticks - 1, bootID: start.bootID)
        let otherBoot = ProcessStart(ticks: start.ticks, bootID: "00000000-0000-0000-0000-000000000000")
        for record in [earlier, otherBoot] {
            let outcome = try await PluginConnection.killLeftoverGroup(group, executable: descriptor.executable, started: record)
            #expect(outcome == .foreign(Processes.members(ofGroup: group)))
            #expect(!plugin.hasExited)
        }
        let outcome = try await PluginConnection.killLeftoverGroup(group, executable: descriptor.executable, started: start)
        guard case .killed = outcome else { Issue.record("\(outcome)"); return }
        #expect(await plugin.exitStatus() == 128 + SIGKILL)
    }

    /// A group whose number now belongs to other processes (here a sleep
    /// leading a group of its own) is not the plugin's, and is left alone.
    @Test func aGroupThatHoldsNoPluginIsNotKilled() async throws {
        let descriptor = try plugins.install("helper")
        let stranger = try ChildProcess.spawn("/bin/sleep", ["300"], leadsGroup: true)
        let group = try #require(stranger.processGroup)
        let outcome = try await PluginConnection.killLeftoverGroup(group, executable: descriptor.executable)
        #expect(outcome == .foreign([stranger.pid]))
        #expect(!stranger.hasExited && !Processes.isGone(stranger.pid))
        #expect(await stranger.stop(grace: .seconds(5)) == 128 + SIGTERM)
    }

    /// A program that merely names the plugin's file (here `tail -f` on
    /// it) does not run it: its group is not the plugin's.
    @Test func aProgramThatNamesThePluginsFileIsNotThePlugin() async throws {
        let descriptor = try plugins.install("helper")
        let reader = try ChildProcess.spawn("/usr/bin/tail", [descriptor.executable, "-f"], leadsGroup: true)
        let group = try #require(reader.processGroup)
        let outcome = try await PluginConnection.killLeftoverGroup(group, executable: descriptor.executable)
        #expect(outcome == .foreign([reader.pid]))
        #expect(!reader.hasExited)
        await reader.stop()
    }

    /// Another plugin's group is not this plugin's either.
    @Test func anotherPluginsGroupIsNotKilled() async throws {
        let other = try orphanedPlugin("stubborn")
        defer { other.pipes.map { [$0.input, $0.output, $0.errors].forEach { close($0) } } }
        let group = try #require(other.processGroup)
        #expect(await Processes.eventually { Processes.members(ofGroup: group).count == 2 })
        let outcome = try await PluginConnection.killLeftoverGroup(group, executable: try plugins.install("helper").executable)
        #expect(outcome == .foreign(Processes.members(ofGroup: group)))
        #expect(Processes.members(ofGroup: group).count == 2)
        other.signalGroup(SIGKILL)
        await other.exitStatus()
    }

    @Test(arguments: [Int32(0), 1, -1, -4242])
    func aGroupNumberThatCannotBeAPluginsIsRefused(_ group: Int32) async {
        await #expect(throws: LeftoverGroupError.invalidGroup(group)) {
            try await PluginConnection.killLeftoverGroup(group, executable: "/usr/lib/vpnctl/plugins/vpnctl-plugin-wireguard")
        }
    }

    @Test func theDaemonsOwnGroupAndARelativeExecutableAreRefused() async throws {
        await #expect(throws: LeftoverGroupError.ownGroup(getpgrp())) {
            try await PluginConnection.killLeftoverGroup(getpgrp(), executable: CommandLine.arguments[0])
        }
        let stranger = try ChildProcess.spawn("/bin/sleep", ["300"], leadsGroup: true)
        await #expect(throws: LeftoverGroupError.invalidExecutable("sleep")) {
            try await PluginConnection.killLeftoverGroup(stranger.pid, executable: "sleep")
        }
        #expect(!Processes.isGone(stranger.pid))
        await stranger.stop()
    }
}
