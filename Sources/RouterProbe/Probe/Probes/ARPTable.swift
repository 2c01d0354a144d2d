import Addressing
import ProbePackets
import VPNCore

/// The kernel's IPv4 neighbour table as /proc/net/arp prints it: where the
/// gateway's MAC address, half of the cache key, comes from.
struct ARPTable: Sendable, Hashable {
    /// Complete entries only (flag ATF_COM), address to lowercased MAC.
    var entries: [IPv4Address: String]

    /// Parses the file's text; lines that do not fit are skipped, never fatal.
    init(parsing text: String) {
        var entries: [IPv4Address: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 4, let address = IPv4Address(String(fields[0])),
                  let flags = Int(fields[2].dropFirst(2), radix: 16), flags & 0x2 != 0 else { continue }
            let mac = fields[3].lowercased()
            guard Self.isMAC(mac), mac != "00:00:00:00:00:00" else { continue }
            entries[address] = mac
        }
        self.entries = entries
    }

    private static func isMAC(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }

    /// The calling thread's namespace's table (thread-self: the namespace
    /// is per thread, and /proc/self/net would show the main thread's).
    static func current() -> ARPTable {
        ARPTable(parsing: ProcFile.read("/proc/thread-self/net/arp") ?? "")
    }
}
