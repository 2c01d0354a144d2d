import Foundation

/// The processes a test started through the CLI (daemons started on
/// demand, their plugins), found by the test's own directory in their
/// command lines: they are not the test's children.
struct TestProcesses {
    let directory: String

    /// Daemons started with a configuration of this test.
    var daemons: [Int32] {
        matching { $0.contains("vpnctld") && $0.contains(directory) }
    }

    var plugins: [Int32] {
        matching { $0.contains(directory + "/plugins/") }
    }

    /// SIGTERM to this test's daemons: each disconnects and removes what it set up.
    func stopDaemons() {
        for pid in daemons { kill(pid, SIGTERM) }
    }

    /// Live processes (not zombies) whose command line matches.
    func matching(_ predicate: (String) -> Bool) -> [Int32] {
        Self.all(matching: predicate)
    }

    static func all(matching predicate: (String) -> Bool) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name in
            guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !data.isEmpty,
                  let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8), !stat.contains(") Z ")
            else { return nil }
            return predicate(String(decoding: data, as: UTF8.self)) ? pid : nil
        }
    }

    /// Polls /proc until the process is gone (or a zombie), at most 5 s:
    /// no other process's exit can be awaited without being its parent.
    static func waitUntilGone(_ pid: Int32) async {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, all(matching: { _ in true }).contains(pid) {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
