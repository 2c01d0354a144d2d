import Foundation
import Testing

/// Every command is a process of its own, so what `vpnctl` links is paid on
/// each: Foundation brings ICU (about 3 ms and 7 MB a start), C++ its runtime.
/// The CLI's modules import FoundationEssentials only (docs/architecture.md).
@Suite struct StartupFootprintTests {
    @Test(arguments: ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libstdc++.so.6"])
    func theCLILinksNeither(library: String) throws {
        let binary = try Data(contentsOf: VPNCtlRunner.binaries.appendingPathComponent("vpnctl"))
        // Names of needed libraries sit NUL-delimited in the dynamic string table.
        let needle = Data([0] + Array(library.utf8) + [0])
        #expect(binary.range(of: needle) == nil, "vpnctl links \(library): a module it imports brought in Foundation or C++")
        // The same search does find what it links.
        #expect(binary.range(of: Data([0] + Array("libFoundationEssentials.so".utf8) + [0])) != nil)
    }
}
