/// What a plugin's descriptor file says about it: which protocols it
/// speaks, over which transports, what each needs the router to let
/// through, and which executable to run.
public struct PluginDescriptor: Sendable, Hashable {
    public struct ProtocolSupport: Sendable, Hashable {
        public var name: String
        /// `udp` or `tcp`.
        public var transport: String
        /// Passthrough keys the protocol needs (`udp`, `esp`, `nat_t`, ...).
        public var needs: [String]
    }

    public var name: String
    public var contractVersion: Int
    /// Absolute path of the plugin executable.
    public var executable: String
    public var protocols: [ProtocolSupport]
    /// False for plugins that must be turned on explicitly (PPTP).
    public var enabledByDefault: Bool
    /// The descriptor file it came from, for messages.
    public var source: String
}
