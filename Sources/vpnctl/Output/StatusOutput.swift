import Control

enum StatusOutput {
    static func print(_ report: StatusReport, json: Bool) throws {
        if json {
            try JSONOutput.print(report)
            return
        }
        switch report.state {
        case "connected":
            Console.print("Connected to \(report.server ?? "?") (\(report.location ?? "?")) with \(report.protocolName ?? "?")")
            Console.print("Interface: \(report.interface ?? "?")" + (report.addresses.isEmpty ? "" : " (\(report.addresses.joined(separator: ", ")))"))
            if let received = report.receivedBytes, let sent = report.sentBytes {
                Console.print("Traffic: \(ByteCount(received)) received, \(ByteCount(sent)) sent")
            }
        case "error":
            Console.print("Not connected: \(report.error ?? "an error occurred")")
        default:
            Console.print(report.state.prefix(1).uppercased() + report.state.dropFirst())
        }
        if let reason = report.reason, report.state != "disconnected" {
            Console.print("Why: \(reason)")
        }
        for attempt in report.attempts where attempt.outcome == "failed" {
            Console.print("Tried \(attempt.protocolName), which failed: \(attempt.detail)")
        }
        for skip in report.skipped {
            Console.print("Not tried: \(skip.reason)")
        }
        if let blocking = report.blocking {
            Console.print(blocking ? "Traffic outside the tunnel: blocked" + howOut(report) : "Traffic outside the tunnel: not blocked")
        }
        if let killSwitch = report.killSwitch {
            Console.print("Kill switch: \(killSwitch.enabled ? "on" : "off"), lockdown: \(killSwitch.lockdown ? "on" : "off"), local network: \(killSwitch.allowLAN ? "allowed" : "blocked too")")
        }
    }

    /// While blocked, how it ends: a user whose traffic stopped must learn
    /// why and what to run.
    private static func howOut(_ report: StatusReport) -> String {
        switch report.state {
        case "connecting": " until the tunnel is up"
        case "connected": " (everything goes through the tunnel)"
        case "disconnected" where report.killSwitch?.lockdown == true: " (lockdown is on: vpnctl set lockdown off lets it through)"
        case "error": " until you connect again (vpnctl connect) or disconnect (vpnctl disconnect)"
        default: ""
        }
    }
}
