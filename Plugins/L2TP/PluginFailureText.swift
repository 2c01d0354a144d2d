/// An internal failure with a sentence for the user; the plugin wraps it in
/// a `PluginFailure` with what it was doing.
struct PluginFailureText: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
