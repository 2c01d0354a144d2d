import Foundation

/// The wireguard-go serving an interface, found by its command line
/// (`wireguard-go -f IFNAME`), as the plugin finds a leftover one.
enum WireGuardGoProcess {
    static func find(interface: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.first?.hasSuffix("wireguard-go") == true, arguments.last == interface { return pid }
        }
        return nil
    }
}
