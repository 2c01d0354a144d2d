import Foundation

/// When a process started, as the kernel counts it: clock ticks since boot
/// (/proc/PID/stat's 22nd field) and which boot. A pid is reused, its start
/// within one boot never: the pair names one process for good, so a dead
/// daemon's record cannot point at a stranger that got the same number.
public struct ProcessStart: Sendable, Hashable, Codable {
    public let ticks: UInt64
    public let bootID: String

    public init(ticks: UInt64, bootID: String) {
        self.ticks = ticks
        self.bootID = bootID
    }

    /// The running process `pid`'s start; nil when it is gone.
    public static func of(_ pid: Int32) -> ProcessStart? {
        guard let ticks = ProcessTable.startTicks(of: pid), let boot = bootID else { return nil }
        return ProcessStart(ticks: ticks, bootID: boot)
    }

    static var bootID: String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
