import Foundation
import SystemSupport
import VPNConfig

/// The daemon runs as root: the configuration it reads and the directories
/// it keeps state, the socket and the cache in must be root's alone
/// (`OwnedPath`), or whoever could change them would steer it. A directory
/// not made yet is judged by the nearest one above it that exists.
enum TrustedPaths {
    static func checkConfiguration(_ path: String) throws(OwnedPathError) {
        // A missing file is the parser's to report, with its own advice.
        guard FileManager.default.fileExists(atPath: path) else { return }
        try OwnedPath.check(absolute(path), is: .file)
    }

    static func checkDirectories(of configuration: Configuration) throws(OwnedPathError) {
        for directory in [configuration.stateDirectory, configuration.runtimeDirectory, configuration.cacheDirectory] {
            var existing = absolute(directory)
            while !FileManager.default.fileExists(atPath: existing), existing != "/" {
                existing = (existing as NSString).deletingLastPathComponent
            }
            try OwnedPath.check(existing, is: .directory)
        }
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
