import Control

/// `vpnctl probe` for people: the router's facts, each passthrough with
/// its evidence, then what will work and what will not, and why.
enum ProbeOutput {
    static func print(_ report: ProbeReport, json: Bool) throws {
        if json {
            try JSONOutput.print(report)
            return
        }
        let age = report.cached ? " (this network's recent report; --fresh probes again)" : ""
        Console.print("Probed toward \(report.server) in \(milliseconds(report.elapsedMilliseconds))\(age)")
        Console.print("Gateway: \(report.gateway ?? "not found")")
        Console.print("NAT: \(nat(report.nat))")
        Console.print("Port mapping: UPnP \(report.portMapping.upnp), NAT-PMP \(report.portMapping.natPMP), PCP \(report.portMapping.pcp)")
        Console.print("Path MTU: \(report.mtu.map(String.init) ?? "not measured")")
        var table = TextTable("PASSTHROUGH", "VERDICT", "EVIDENCE")
        for key in passthroughOrder {
            if let verdict = report.passthrough[key] { table.add(key, verdict, report.evidence[key] ?? "") }
        }
        Console.print(table.rendered)
        if report.recommended.isEmpty {
            Console.print("No protocol will work from this network.")
        } else {
            Console.print("Will work, best first:")
            for recommendation in report.recommended { Console.print("  \(recommendation.reason)") }
        }
        if !report.skipped.isEmpty {
            Console.print("Will not work:")
            for skip in report.skipped { Console.print("  \(skip.reason)") }
        }
    }

    private static let passthroughOrder = ["udp", "tcp443", "wireguard", "openvpn_udp", "openvpn_tcp", "ike", "nat_t", "esp", "l2tp", "pptp", "gre"]

    private static func nat(_ nat: ProbeReport.NAT) -> String {
        guard let present = nat.present else { return "unknown (no STUN answer)" }
        guard present else { return "none: this machine's address is public" }
        var words = "yes, the server sees \(nat.externalIPv4 ?? "?")"
        if nat.mappingVariesByDestination == true { words += "; the mapping varies by destination (hard NAT)" }
        if nat.doubleNAT == true { words += "; double NAT: another router translates beyond this one" }
        return words
    }

    private static func milliseconds(_ value: Double) -> String {
        "\((value * 10).rounded() / 10) ms"
    }
}
