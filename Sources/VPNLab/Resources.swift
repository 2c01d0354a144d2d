import Foundation

/// Files the lab runs that are not Swift: its scripts in Lab/, the provider
/// fixture in Tests/Fixtures, and the vpnctl-provider tool built beside us.
enum Resources {
    /// The repository: `$VPNLAB_SOURCE_ROOT`, or where this file was compiled
    /// (the lab is run from a checkout, like the tests).
    static var sourceRoot: String {
        if let root = ProcessInfo.processInfo.environment["VPNLAB_SOURCE_ROOT"], !root.isEmpty { return root }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    static func labScript(_ name: String) throws -> String {
        try existing(sourceRoot + "/Lab/" + name)
    }

    static var providerFixture: String {
        get throws { try existing(sourceRoot + "/Tests/Fixtures/provider-api/provider.py") }
    }

    /// `vpnctl-provider` from the same build as this `vpnlab`, else from PATH.
    static var providerTool: String {
        get throws { try builtTool("vpnctl-provider") }
    }

    /// A product of the same build as this `vpnlab`, else from PATH.
    static func builtTool(_ name: String) throws -> String {
        let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name).path
        if access(beside, X_OK) == 0 { return beside }
        if let found = Subprocess.which(name) { return found }
        throw LabError.missingFile(path: beside, hint: "build it with: swift build --product \(name) (in the same build directory as vpnlab)")
    }

    private static func existing(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LabError.missingFile(path: path, hint: "run vpnlab from the repository it was built in, or set VPNLAB_SOURCE_ROOT to that checkout")
        }
        return path
    }
}
