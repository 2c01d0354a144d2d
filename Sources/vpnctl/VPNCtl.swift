import ArgumentParser

@main
struct VPNCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpnctl",
        abstract: "A VPN client that finds what your router lets through.",
        discussion: """
        Exit status: 0 success, 1 unexpected failure, 2 unknown or ambiguous location, \
        3 location needs Premium, 4 no usable server (offline, or not offering the protocol), 5 the connection failed, 64 usage error, 65 provider data rejected, \
        69 provider unreachable and nothing cached, 74 local file error, \
        77 permission problem, 78 configuration error.
        """,
        version: VersionInfo.version,
        subcommands: [
            ConnectCommand.self,
            ProbeCommand.self,
            DisconnectCommand.self,
            StatusCommand.self,
            LocationsCommand.self,
            ServersCommand.self,
            RefreshCommand.self,
            AccountCommand.self,
            PluginsCommand.self,
            SetCommand.self,
            SettingsCommand.self,
        ]
    )
}

enum VersionInfo {
    static let version = "0.1.0"
}
