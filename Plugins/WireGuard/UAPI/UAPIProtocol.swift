/// The text of WireGuard's cross-platform UAPI (wireguard.com/xplatform):
/// `set=1` / `get=1`, then `key=value` lines, a blank line; the answer ends
/// with `errno=N` and a blank line.
enum UAPIProtocol {
    static func setRequest(_ configuration: DeviceConfiguration) -> String {
        var lines = ["set=1", "private_key=\(configuration.privateKey.hex)"]
        if let port = configuration.listenPort { lines.append("listen_port=\(port)") }
        if let mark = configuration.firewallMark { lines.append("fwmark=\(mark)") }
        lines.append("replace_peers=true")
        for peer in configuration.peers {
            lines.append("public_key=\(peer.publicKey.hex)")
            lines.append("endpoint=\(peer.endpoint)")
            lines.append("replace_allowed_ips=true")
            for allowed in peer.allowedIPs { lines.append("allowed_ip=\(allowed)") }
            if let keepalive = peer.persistentKeepalive { lines.append("persistent_keepalive_interval=\(keepalive)") }
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    static let getRequest = "get=1\n\n"

    /// The errno of an answer; nil when there is none.
    static func errno(in answer: [(String, String)]) -> Int32? {
        answer.last { $0.0 == "errno" }.flatMap { Int32($0.1) }
    }

    /// Parses `key=value` lines; nil for a line that is not one.
    static func pairs(_ text: String) -> [(String, String)]? {
        var pairs: [(String, String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let equals = line.firstIndex(of: "=") else { return nil }
            pairs.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
        return pairs
    }

    static func report(from pairs: [(String, String)]) -> DeviceReport? {
        var report = DeviceReport(listenPort: nil, firewallMark: nil, peers: [])
        var peer: DeviceReport.Peer?
        var handshakeSeconds = 0
        for (key, value) in pairs {
            switch key {
            case "public_key":
                if var finished = peer { finished.lastHandshake = handshakeSeconds; report.peers.append(finished) }
                guard let publicKey = WireGuardKey(hex: value) else { return nil }
                peer = DeviceReport.Peer(publicKey: publicKey, endpoint: nil, allowedIPs: [], lastHandshake: 0, receivedBytes: 0, sentBytes: 0)
                handshakeSeconds = 0
            case "listen_port": report.listenPort = Int(value)
            case "fwmark": report.firewallMark = UInt32(value)
            case "endpoint": peer?.endpoint = value
            case "allowed_ip": peer?.allowedIPs.append(value)
            case "last_handshake_time_sec": handshakeSeconds = Int(value) ?? 0
            case "rx_bytes": peer?.receivedBytes = UInt64(value) ?? 0
            case "tx_bytes": peer?.sentBytes = UInt64(value) ?? 0
            default: break
            }
        }
        if var finished = peer { finished.lastHandshake = handshakeSeconds; report.peers.append(finished) }
        return report
    }
}
