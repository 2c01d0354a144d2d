import JSONRPC

/// The control socket's methods, each with its params and result types:
/// the CLI calls them by type (`ControlClient.call`), so a request cannot
/// be paired with the wrong answer.
public enum ControlMethods {
    public enum Connect: RPCMethod {
        public typealias Params = ConnectRequest
        public typealias Result = StatusReport
        public static let name = "connect"
    }

    public enum Disconnect: RPCMethod {
        public typealias Params = RPCEmpty
        public typealias Result = StatusReport
        public static let name = "disconnect"
    }

    public enum Status: RPCMethod {
        public typealias Params = RPCEmpty
        public typealias Result = StatusReport
        public static let name = "status"
    }

    public enum Plugins: RPCMethod {
        public typealias Params = RPCEmpty
        public typealias Result = PluginsReport
        public static let name = "plugins"
    }

    public enum Probe: RPCMethod {
        public typealias Params = ProbeRequest
        public typealias Result = ProbeReport
        public static let name = "probe"
    }

    public enum Settings: RPCMethod {
        public typealias Params = RPCEmpty
        public typealias Result = SettingsReport
        public static let name = "settings"
    }

    public enum Set: RPCMethod {
        public typealias Params = SetRequest
        public typealias Result = SettingsReport
        public static let name = "set"
    }

    public enum Locations: RPCMethod {
        public typealias Params = RPCEmpty
        public typealias Result = Warned<LocationsListing>
        public static let name = "locations"
    }

    public enum Servers: RPCMethod {
        public typealias Params = ServersRequest
        public typealias Result = Warned<ServersListing>
        public static let name = "servers"
    }

    public enum Refresh: RPCMethod {
        public typealias Params = RPCEmpty
        public typealias Result = Warned<RefreshSummary>
        public static let name = "refresh"
    }

    public enum Account: RPCMethod {
        public typealias Params = RPCEmpty
        public typealias Result = Warned<AccountSummary>
        public static let name = "account"
    }
}
