import Glibc

/// What went wrong with a plugin. The host kills a plugin that fails in any
/// of these ways, and the daemon goes on with its next attempt.
public enum PluginError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotStart(plugin: String, reason: String)
    case timedOut(plugin: String, method: String, seconds: Double)
    case exited(plugin: String, status: Int32, lastErrors: [String])
    case malformedOutput(plugin: String, detail: String)
    case contractMismatch(plugin: String, theirs: Int, ours: Int)
    case failed(plugin: String, method: String, message: String)
    case invalidResult(plugin: String, method: String)
    case notRunning(plugin: String)

    public var description: String {
        switch self {
        case let .cannotStart(plugin, reason):
            "The \(plugin) plugin could not be started: \(reason)."
        case let .timedOut(plugin, method, seconds):
            "The \(plugin) plugin did not answer \"\(method)\" within \(Self.format(seconds)) s and was stopped."
        case let .exited(plugin, status, lastErrors):
            // 128 + n, as a shell says, for an end by signal n.
            (status > 128 && status < 128 + 65
                ? "The \(plugin) plugin was killed by signal \(status - 128) (\(String(cString: strsignal(status - 128))))"
                : "The \(plugin) plugin exited (status \(status))")
                + (lastErrors.isEmpty ? "." : "; it last said: " + lastErrors.suffix(3).joined(separator: " / "))
        case let .malformedOutput(plugin, detail):
            "The \(plugin) plugin wrote \(detail) and was stopped; it does not follow the plugin contract."
        case let .contractMismatch(plugin, theirs, ours):
            "The \(plugin) plugin speaks plugin contract \(theirs), this vpnctl speaks \(ours); install a matching version of the plugin."
        case let .failed(plugin, method, message):
            "The \(plugin) plugin could not \(method): \(message)"
        case let .invalidResult(plugin, method):
            "The \(plugin) plugin answered \"\(method)\" with something that is not the contract's answer, and was stopped."
        case let .notRunning(plugin):
            "The \(plugin) plugin is not running."
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}
