import Foundation

/// A private directory under /tmp (mode 0700), removed with everything in it
/// when the object goes away or on `remove()`.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public var path: String { url.path }

    public init(prefix: String = "vpnctl-test") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed: \(String(cString: strerror(errno)))"])
        }
        url = URL(fileURLWithPath: String(cString: created), isDirectory: true)
    }

    deinit { remove() }

    /// Safe to call more than once.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `contents` to `name` inside the directory and returns its URL.
    @discardableResult
    public func write(_ name: String, _ contents: some DataProtocol) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(contents).write(to: file)
        return file
    }

    @discardableResult
    public func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Array(text.utf8))
    }

    /// Writes the executable `name` (mode 0755) and returns its URL.
    ///
    /// The file is written by a child (`install`), never through a
    /// descriptor of this process: tests fork in parallel, and a child forked
    /// while we held the file open for writing keeps that descriptor until
    /// its exec; running the file meanwhile fails with ETXTBSY ("Text file busy").
    @discardableResult
    public func writeExecutable(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        _ = try Shell.output(["install", "-m", "0755", "/dev/stdin", file.path], input: text)
        return file
    }

    /// Copies `source` to the executable `name` (mode 0755), through a child
    /// for the same reason as `writeExecutable`.
    @discardableResult
    public func copyExecutable(_ name: String, from source: URL) throws -> URL {
        let file = url.appendingPathComponent(name)
        _ = try Shell.output("install", "-m", "0755", source.path, file.path)
        return file
    }
}
