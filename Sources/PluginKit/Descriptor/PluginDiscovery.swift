import Foundation
import SystemSupport

/// Finds plugins in the plugin directories, in order (`/usr/lib/vpnctl/plugins`,
/// then `plugin_path`): the first descriptor of a name wins. A broken or unsafe
/// descriptor is reported and skipped; it never stops the others.
public struct PluginDiscovery: Sendable {
    public struct Result: Sendable {
        public var plugins: [PluginDescriptor]
        /// One sentence per descriptor that was skipped, and why.
        public var problems: [DescriptorError]
    }

    public let directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    public func discover() -> Result {
        var result = Result(plugins: [], problems: [])
        var seen: [String: String] = [:]
        for directory in directories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") {
                let file = "\(directory)/\(name)"
                do {
                    let descriptor = try load(file)
                    if let earlier = seen[descriptor.name] {
                        result.problems.append(DescriptorError(file: file, problem: "plugin \"\(descriptor.name)\" is already provided by \(earlier); ignored"))
                        continue
                    }
                    seen[descriptor.name] = file
                    result.plugins.append(descriptor)
                } catch {
                    result.problems.append(error)
                }
            }
        }
        return result
    }

    /// The daemon runs plugins as root: a descriptor or executable that
    /// someone else could rewrite would hand them root.
    func load(_ file: String) throws(DescriptorError) -> PluginDescriptor {
        try Self.checkNotWritableByOthers(file, describedAs: "the descriptor", file: file)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DescriptorError(file: file, problem: "cannot be read")
        }
        let descriptor = try DescriptorParser.parse(data, file: file)
        try Self.checkNotWritableByOthers(descriptor.executable, describedAs: "the executable \(descriptor.executable)", file: file)
        guard access(descriptor.executable, X_OK) == 0 else {
            throw DescriptorError(file: file, problem: "the executable \(descriptor.executable) is missing or not executable")
        }
        return descriptor
    }

    /// The file and every directory above it: only root (or the daemon's
    /// own user) can change them (`OwnedPath`).
    static func checkNotWritableByOthers(_ path: String, describedAs what: String, file: String) throws(DescriptorError) {
        do throws(OwnedPathError) {
            try OwnedPath.check(path, is: .file)
        } catch let .cannotInspect(culprit, code) where culprit == path && code == ENOENT {
            throw DescriptorError(file: file, problem: "\(what) does not exist")
        } catch {
            throw DescriptorError(file: file, problem: "\(what) is not safe to run as root: \(error)")
        }
    }
}
