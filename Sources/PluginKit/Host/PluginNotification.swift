/// What a running plugin tells the host without being asked.
public enum PluginNotification: Sendable, Hashable {
    case state(TunnelState)
    case stats(TunnelStats)
    case log(LogEntry)
    /// The plugin is gone: it exited, hung, or broke the contract.
    case failed(PluginError)
}
