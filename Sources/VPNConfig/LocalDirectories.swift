/// The part of the configuration that reaching the daemon takes: where its
/// control socket is (`runtime_dir`) and where it keeps its state and log
/// (`state_dir`). Defaults as in `Configuration`.
public struct LocalDirectories: Sendable, Hashable {
    public var stateDirectory: String
    public var runtimeDirectory: String

    public init(stateDirectory: String = "/var/lib/vpnctl", runtimeDirectory: String = "/run/vpnctl") {
        self.stateDirectory = stateDirectory
        self.runtimeDirectory = runtimeDirectory
    }
}
