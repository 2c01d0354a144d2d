import ArgumentParser

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $VPNCTL_CONFIG, then /etc/vpnctl/config.toml).", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false
}
