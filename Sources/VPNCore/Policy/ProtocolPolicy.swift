/// Orders the protocols worth trying toward one server from what the
/// router lets through. The core knows no protocol: each one's needs come
/// from its plugin's descriptor, and the tie-break order from the daemon.
///
/// A protocol whose every need passed comes first; one with needs the
/// probe could not check comes after (it may work); one the router blocks
/// is left out, with the router setting that would let it through. Within
/// each group, `preferenceOrder` decides; protocols it does not name follow
/// by name.
public struct ProtocolPolicy: Sendable {
    public var preferenceOrder: [ProtocolName]

    public init(preferenceOrder: [ProtocolName]) {
        self.preferenceOrder = preferenceOrder
    }

    /// `report` nil: nothing was probed (no responder, or the probe could not run).
    public func plan(offered: [ProtocolName], capabilities: [ProtocolCapability], report: NetworkReport?) -> AttemptPlan {
        var proven: [ConnectionAttempt] = [], unproven: [ConnectionAttempt] = [], skipped: [SkippedProtocol] = []
        for capability in ordered(capabilities.filter { offered.contains($0.name) }) {
            let needs = capability.needs.sorted()
            if let problem = capability.unusableBecause {
                skipped.append(SkippedProtocol(protocolName: capability.name, reason: "\(capability.name) cannot run on this machine: \(problem)."))
                continue
            }
            guard let report else {
                unproven.append(ConnectionAttempt(protocolName: capability.name, reason: "\(capability.name): the router was not probed, so it is tried in the usual order"))
                continue
            }
            let blocked = needs.filter { report.verdict($0).isBlocked }
            let unchecked = needs.filter { !report.verdict($0).passes && !report.verdict($0).isBlocked }
            if !blocked.isEmpty {
                skipped.append(SkippedProtocol(protocolName: capability.name, reason: Self.blockedSentence(capability.name, blocked), blockedBy: blocked))
            } else if !unchecked.isEmpty {
                let what = unchecked.map(\.wireName).joined(separator: ", ")
                unproven.append(ConnectionAttempt(protocolName: capability.name, reason: "\(capability.name): \(what) could not be checked, so it may work"))
            } else {
                proven.append(ConnectionAttempt(protocolName: capability.name, reason: Self.passSentence(capability.name, needs, report)))
            }
        }
        var attempts = proven + unproven
        // The first attempt says what it stands in for, so the user learns
        // why the usual protocol is not the one in use.
        if let first = attempts.first, let ahead = skipped.first(where: { rank($0.protocolName) < rank(first.protocolName) && !$0.blockedBy.isEmpty }) {
            attempts[0].reason += "; \(ahead.protocolName) is blocked by the router"
        }
        if let first = attempts.first {
            for index in skipped.indices where !skipped[index].blockedBy.isEmpty {
                skipped[index].reason += ", or keep using \(first.protocolName)"
            }
        }
        for index in skipped.indices where !skipped[index].blockedBy.isEmpty {
            skipped[index].reason += "."
        }
        return AttemptPlan(attempts: attempts, skipped: skipped)
    }

    private func rank(_ name: ProtocolName) -> Int {
        preferenceOrder.firstIndex(of: name) ?? preferenceOrder.count
    }

    private func ordered(_ capabilities: [ProtocolCapability]) -> [ProtocolCapability] {
        var seen = Set<ProtocolName>()
        return capabilities
            .filter { seen.insert($0.name).inserted }
            .sorted { (rank($0.name), $0.name) < (rank($1.name), $1.name) }
    }

    private static func passSentence(_ name: ProtocolName, _ needs: [PassthroughKey], _ report: NetworkReport) -> String {
        guard !needs.isEmpty else { return "\(name): it needs nothing the router could block" }
        let slowest = needs.compactMap { report.verdict($0).roundTripMilliseconds }.max()
        let timing = slowest.map { " (answered within \(($0 * 10).rounded() / 10) ms)" } ?? ""
        return "\(name): \(needs.map(\.wireName).joined(separator: ", ")) \(needs.count == 1 ? "passes" : "pass") the router\(timing)"
    }

    /// "l2tp-ipsec is blocked by the router: L2TP (UDP port 1701) does not
    /// pass; turn on L2TP passthrough in its VPN or Security settings"
    private static func blockedSentence(_ name: ProtocolName, _ blocked: [PassthroughKey]) -> String {
        let what = blocked.map(\.wireName).joined(separator: " and ")
        var settings: [String] = []
        for key in blocked where !settings.contains(key.routerSetting) {
            settings.append(key.routerSetting)
        }
        return "\(name) is blocked by the router: \(what) \(blocked.count == 1 ? "does" : "do") not pass; \(settings.joined(separator: ", and "))"
    }
}
