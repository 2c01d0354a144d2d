import Foundation

/// The ports bound in a process's network namespace, from /proc/PID/net:
/// the kernel answers for the namespace of that process, so a daemon's
/// readiness is checked from outside, without a subprocess.
enum ListeningSockets {
    enum Kind: String { case udp, tcp }

    /// UDP: every bound port; TCP: the ports in LISTEN state.
    static func ports(_ kind: Kind, of pid: pid_t) -> Set<Int> {
        guard let table = Files.read("/proc/\(pid)/net/\(kind.rawValue)") else { return [] }
        var ports = Set<Int>()
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 3, let colon = fields[1].lastIndex(of: ":"),
                  let port = Int(fields[1][fields[1].index(after: colon)...], radix: 16) else { continue }
            if kind == .tcp, fields[3] != "0A" { continue }
            ports.insert(port)
        }
        return ports
    }
}
