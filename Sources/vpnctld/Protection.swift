import Firewall
import Foundation
import VPNCore

/// The kill switch as the daemon runs it: the settings, the facts about
/// this machine the policy needs, and the policy last put in place. Every
/// state change ends here (`enforce`), so the rules always match the state.
struct Protection {
    private let firewall: any PolicyEnforcer
    var settings: ProtectionSettings
    var environment: ProtectionEnvironment
    /// What the kernel holds now, as last applied and read back; nil: no table.
    private(set) var applied: FirewallPolicy?
    /// False until the first apply: what an earlier daemon left is unknown.
    private var known = false
    /// Why the last apply failed, while it stays failed.
    private(set) var problem: String?

    init(firewall: any PolicyEnforcer, settings: ProtectionSettings, environment: ProtectionEnvironment) {
        self.firewall = firewall
        self.settings = settings
        self.environment = environment
    }

    /// Puts the policy of `state` in place, unless it already is. On
    /// failure the kernel keeps the table it had (nftables transactions
    /// are all or nothing), and the error says why.
    mutating func enforce(_ state: ConnectionState) throws(FirewallError) {
        let policy = FirewallPolicy.for(state, settings: settings, environment: environment)
        // Replacing a table with itself would cost a kernel transaction
        // (~15 ms here: base chains wait for an RCU grace period) for nothing.
        guard !known || policy != applied else { return }
        let start = ContinuousClock.now
        do {
            try firewall.apply(policy, replacing: known ? applied : nil)
            let took = (ContinuousClock.now - start) / .milliseconds(1)
            DaemonLog.info("firewall: \(policy.map { $0.blocking ? "blocking" : "guarding the tunnel" } ?? "no table") for \(state.name) (applied and read back in \(String(format: "%.2f", took)) ms)")
            applied = policy
            known = true
            problem = nil
        } catch {
            problem = error.description
            throw error
        }
    }

    /// Whether traffic outside the tunnel is being stopped right now.
    var blocking: Bool { applied?.blocking == true }
}
