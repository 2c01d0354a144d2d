/// What a plugin written in Swift implements; `PluginLoop` does the rest.
/// Each method answers one contract request. Throwing `PluginFailure` sends
/// its message back to the host as the request's error.
public protocol PluginHandler: Sendable {
    func initialize(_ params: InitializeParams) async throws -> InitializeResult
    func connect(_ params: ConnectParams, notifier: PluginNotifier) async throws -> TunnelState
    func status() async throws -> TunnelState
    /// Undoes what `connect` set up. A plugin started fresh after a crash
    /// gets `params.interface`: what the previous instance left, to remove.
    func disconnect(_ params: DisconnectParams) async throws -> TunnelState
}

/// A failure to report to the host, in words the user will read.
public struct PluginFailure: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
