import Foundation
@testable import L2TPPlugin
import Testing

/// Feature detection against a fake tree, and what this machine's kernel lacks.
@Suite struct KernelSupportTests {
    @Test func anEmptyTreeLacksBoth() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let support = KernelSupport.detect(root: root)
        #expect(support == KernelSupport(hasPPP: false, hasESP: false))
        let missing = support.missing()
        #expect(missing.count == 2)
        #expect(missing[0].contains("/dev/ppp"))
        #expect(missing[1].contains("esp4"))
        #expect(support.missing(needsESP: false).count == 1)
    }

    @Test func aLoadedEsp4ModuleCounts() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/sys/module/esp4", withIntermediateDirectories: true)
        #expect(KernelSupport.detect(root: root).hasESP)
    }

    @Test func aRegularFileIsNotADevice() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/dev", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: "\(root)/dev/ppp", contents: Data()))
        #expect(!KernelSupport.detect(root: root).hasPPP)
    }

    /// This machine's kernel (CI's too) has neither; the VM's has both.
    @Test func thisKernelMatchesItsDevices() {
        let support = KernelSupport.detect()
        #expect(support.hasPPP == KernelSupport.isCharacterDevice("/dev/ppp"))
        if FileManager.default.fileExists(atPath: "/sys/module/esp4") { #expect(support.hasESP) }
    }

    private func makeRoot() throws -> String {
        let root = "/tmp/vpnctl-l2tp-kernel-\(UInt32.random(in: 0...0xFFFFFF))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }
}
