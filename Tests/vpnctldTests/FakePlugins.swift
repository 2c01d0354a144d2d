import Foundation
import PluginKit
import Synchronization
@testable import vpnctld

/// Plugins without processes: each protocol's plugin does what the test
/// says, and everything they are asked is written down, in order. A
/// connect told to hold waits until the test releases it, or until the
/// plugin is stopped (as a real plugin's pending request fails when it is
/// killed).
final class FakePlugins: PluginLauncher {
    enum Behaviour: Sendable {
        case connects
        case fails(String)
        case holds
    }

    private struct State {
        var behaviours: [String: Behaviour] = [:]
        var events: [String] = []
        var waiters: [(event: String, continuation: CheckedContinuation<Void, Never>)] = []
        var held: [String: CheckedContinuation<TunnelState, any Error>] = [:]
        var live: [String: FakeTunnelPlugin] = [:]
    }

    private let state = Mutex(State())

    func behave(_ plugin: String, _ behaviour: Behaviour) {
        state.withLock { $0.behaviours[plugin] = behaviour }
    }

    var events: [String] { state.withLock { $0.events } }

    func record(_ event: String) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.events.append(event)
            let (matching, rest) = (state.waiters.filter { $0.event == event }, state.waiters.filter { $0.event != event })
            state.waiters = rest
            return matching.map(\.continuation)
        }
        ready.forEach { $0.resume() }
    }

    /// Returns once `event` has happened (at once if it already has).
    func happened(_ event: String) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.events.contains(event) { return true }
                state.waiters.append((event, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Lets a held connect answer.
    func release(_ plugin: String, with outcome: Result<TunnelState, PluginError>) {
        let held = state.withLock { $0.held.removeValue(forKey: plugin) }
        held?.resume(with: outcome.mapError { $0 as any Error })
    }

    /// The running instance of `plugin`, to make it crash.
    func live(_ plugin: String) -> FakeTunnelPlugin? {
        state.withLock { $0.live[plugin] }
    }

    func launch(_ descriptor: PluginDescriptor, timeout: Duration) async throws(PluginError) -> (any TunnelPlugin, InitializeResult) {
        record("launch \(descriptor.name)")
        let plugin = FakeTunnelPlugin(descriptor: descriptor, world: self)
        state.withLock { $0.live[descriptor.name] = plugin }
        return (plugin, InitializeResult(name: descriptor.name, protocols: descriptor.protocols.map(\.name)))
    }

    fileprivate func connect(_ plugin: FakeTunnelPlugin) async throws(PluginError) -> TunnelState {
        let name = plugin.descriptor.name
        let behaviour = state.withLock { $0.behaviours[name] ?? .connects }
        switch behaviour {
        case .connects:
            record("connect \(name)")
            return FakeTunnelPlugin.up
        case let .fails(message):
            record("connect \(name)")
            throw .failed(plugin: name, method: "connect", message: message)
        case .holds:
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    state.withLock { $0.held[name] = continuation }
                    record("connect \(name)")
                }
            } catch let error as PluginError {
                throw error
            } catch {
                throw .notRunning(plugin: name)
            }
        }
    }

    fileprivate func terminated(_ plugin: FakeTunnelPlugin) {
        record("terminate \(plugin.descriptor.name)")
        release(plugin.descriptor.name, with: .failure(.exited(plugin: plugin.descriptor.name, status: 143, lastErrors: [])))
    }
}

final class FakeTunnelPlugin: TunnelPlugin {
    static let up = TunnelState(phase: .connected, interface: "tun-fake", addresses: ["198.19.0.7/32"])

    let descriptor: PluginDescriptor
    let notifications: AsyncStream<PluginNotification>
    private let notify: AsyncStream<PluginNotification>.Continuation
    private let world: FakePlugins
    private let dead = Mutex(false)

    init(descriptor: PluginDescriptor, world: FakePlugins) {
        self.descriptor = descriptor
        self.world = world
        (notifications, notify) = AsyncStream.makeStream()
    }

    var processIdentifier: Int32 { 0 }
    var processGroup: Int32 { 0 }
    var processStart: ProcessStart? { nil }

    func connect(_ params: ConnectParams, timeout: Duration) async throws(PluginError) -> TunnelState {
        // As the real plugins do: the interface first.
        notify.yield(.state(TunnelState(phase: .connecting, interface: Self.up.interface)))
        return try await world.connect(self)
    }

    func disconnect(_ params: DisconnectParams, timeout: Duration) async throws(PluginError) -> TunnelState {
        if dead.withLock({ $0 }) { throw .notRunning(plugin: descriptor.name) }
        world.record("disconnect \(descriptor.name) \(params.interface ?? "-")")
        return TunnelState(phase: .disconnected)
    }

    func status(timeout: Duration) async throws(PluginError) -> TunnelState {
        Self.up
    }

    func terminate() async {
        world.terminated(self)
        notify.finish()
    }

    /// As a `kill -9`: gone, its host told so, a pending connect failed.
    func crash() {
        dead.withLock { $0 = true }
        world.release(descriptor.name, with: .failure(.exited(plugin: descriptor.name, status: 137, lastErrors: [])))
        notify.yield(.failed(.exited(plugin: descriptor.name, status: 137, lastErrors: [])))
        notify.finish()
    }
}
