import Foundation
import Testing

/// The kernel tests run only in the VM that `scripts/vm-test.sh` boots: a Debian kernel
/// with the `wireguard` module loaded. Anywhere else they fail, on purpose, with this
/// explanation; the host's `scripts/test.sh` leaves them out with `--skip KernelTests`.
enum KernelEnvironment {
    static let hint = "KernelTests need a kernel with WireGuard; they run inside the VM of scripts/vm-test.sh (this kernel has none)"

    /// Fails the test (never skips it) when the kernel has no WireGuard.
    static func requireWireGuard(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(FileManager.default.fileExists(atPath: "/sys/module/wireguard"), "\(hint)", sourceLocation: sourceLocation)
    }

    /// The directory of the built products (the plugin executable sits beside the test bundle).
    static let binaries = Bundle.main.executableURL?.deletingLastPathComponent()
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}
