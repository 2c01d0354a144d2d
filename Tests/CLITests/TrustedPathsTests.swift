import Foundation
import Testing
import TestSupport

/// The daemon runs as root: it refuses a configuration, or a directory to
/// keep state in, that another user could change, and says which and why.
/// It refuses before it listens, so nothing else of it runs.
@Suite struct TrustedPathsTests {
    let directory: TemporaryDirectory
    let config: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "vpnctl-trusted")
        chmod(directory.path, 0o755)
        config = directory.path + "/config.toml"
        let text = """
            api_url = "file://\(directory.path)/api/"
            directory_public_key = "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M="
            state_dir = "\(directory.path)/state"
            cache_dir = "\(directory.path)/cache"
            runtime_dir = "\(directory.path)/run"

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        chmod(config, 0o644)
    }

    func daemon() async throws -> VPNCtlRunner.Outcome {
        try await VPNCtlRunner.run(binary: "vpnctld", ["--config", config], environment: [:])
    }

    @Test func aConfigurationOthersCanWriteIsRefused() async throws {
        chmod(config, 0o664)
        let outcome = try await daemon()
        #expect(outcome.status == 77)
        #expect(outcome.stderr.contains("the configuration is not safe to read as root"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(config) is writable by group or others (mode 664)"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/run"), "it went no further")
    }

    @Test func aConfigurationOwnedByAnotherUserIsRefused() async throws {
        chown(config, 65534, 65534)
        let outcome = try await daemon()
        #expect(outcome.status == 77)
        #expect(outcome.stderr.contains("\(config) is owned by uid 65534"), "\(outcome.stderr)")
    }

    @Test func aCacheDirectoryAnyoneCanWriteIsRefused() async throws {
        try FileManager.default.createDirectory(atPath: directory.path + "/cache", withIntermediateDirectories: false)
        chmod(directory.path + "/cache", 0o777)
        let outcome = try await daemon()
        #expect(outcome.status == 77)
        #expect(outcome.stderr.contains("not safe to keep state in"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("/cache is writable by group or others (mode 777)"), "\(outcome.stderr)")
    }
}
