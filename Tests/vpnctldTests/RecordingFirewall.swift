import Firewall
import Synchronization
import VPNCore
@testable import vpnctld

/// Takes every policy the controller puts in place and remembers it; told
/// to, it refuses, as nftables does when it cannot apply a table.
final class RecordingFirewall: PolicyEnforcer {
    private let state = Mutex<(applied: [FirewallPolicy?], refuses: Bool)>(([], false))

    var applied: [FirewallPolicy?] { state.withLock { $0.applied } }
    var current: FirewallPolicy? { applied.last ?? nil }

    func refuse(_ refuses: Bool) {
        state.withLock { $0.refuses = refuses }
    }

    func apply(_ policy: FirewallPolicy?, replacing previous: FirewallPolicy?) throws(FirewallError) {
        let refuses = state.withLock { $0.refuses }
        if refuses { throw .rejected(command: "replace table inet vpnctl", message: "Operation not permitted") }
        state.withLock { $0.applied.append(policy) }
    }
}

/// A probe that reports nothing (no report: every protocol unchecked), and
/// that a test may hold, to act while a connect is probing.
final class HeldProbe: NetworkProbing {
    private let state = Mutex<(holds: Bool, started: Bool, waiting: [CheckedContinuation<Void, Never>], release: CheckedContinuation<Void, Never>?)>((false, false, [], nil))

    func hold() {
        state.withLock { $0.holds = true }
    }

    func started() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.started { return true }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release() {
        state.withLock { state in
            state.holds = false
            return state.release.take()
        }?.resume()
    }

    func report(toward server: Server, fresh: Bool) async -> (report: NetworkReport, cached: Bool)? {
        let (holds, waiting) = state.withLock { state in
            state.started = true
            defer { state.waiting = [] }
            return (state.holds, state.waiting)
        }
        waiting.forEach { $0.resume() }
        if holds {
            await withCheckedContinuation { continuation in
                // Released meanwhile: go on at once.
                let stillHeld = state.withLock { state -> Bool in
                    if state.holds { state.release = continuation }
                    return state.holds
                }
                if !stillHeld { continuation.resume() }
            }
        }
        return nil
    }
}
