import Foundation

/// The vpnctl configuration the home client uses, one per lab account
/// (README, "Configuration"). Each account gets its own state, cache and
/// runtime directories, so the two never share a daemon or a cache.
enum ClientConfiguration {
    /// Plugin executables built beside vpnlab, with their descriptors (as
    /// in Packaging/plugins, pointing at this build).
    static var builtPlugins: [(name: String, descriptor: String)] {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
        let plugins: [(name: String, protocols: String)] = [
            ("wireguard", #"[{"name": "wireguard", "transport": "udp", "needs": ["udp", "wireguard"]}]"#),
            ("openvpn", #"[{"name": "openvpn-udp", "transport": "udp", "needs": ["udp", "openvpn_udp"]}, {"name": "openvpn-tcp", "transport": "tcp", "needs": ["tcp443", "openvpn_tcp"]}]"#),
            ("l2tp", #"[{"name": "l2tp-ipsec", "transport": "udp", "needs": ["ike", "nat_t", "l2tp"]}]"#),
        ]
        return plugins.compactMap { plugin in
            let executable = "\(directory)/vpnctl-plugin-\(plugin.name)"
            guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
            return (plugin.name, """
                {"contract": 1, "name": "\(plugin.name)", "executable": "\(executable)", "protocols": \(plugin.protocols)}
                """)
        }
    }

    static func write(for tier: Topology.Tier, directoryPublicKey: String, state: StateDirectory) throws {
        let base = state.client(tier)
        for directory in [base, base + "/state", base + "/cache", base + "/run"] {
            try Files.makeDirectory(directory)
        }
        // The protocol plugins built beside vpnlab, so the lab's client uses
        // this build's plugins rather than installed ones.
        try Files.makeDirectory(base + "/plugins", mode: 0o755)
        for plugin in builtPlugins {
            try Files.write(plugin.descriptor, to: "\(base)/plugins/\(plugin.name).json", mode: 0o644)
        }
        let text = """
            # Written by `vpnlab up` for the lab's \(tier.rawValue) account.
            api_url = "\(Topology.providerURL)"
            directory_public_key = "\(directoryPublicKey)"
            ca_file = "\(state.pki)/ca.pem"
            account_token_file = "\(state.tokenFile(tier))"
            state_dir = "\(base)/state"
            cache_dir = "\(base)/cache"
            runtime_dir = "\(base)/run"
            plugin_path = ["\(base)/plugins"]

            """
        try Files.write(text, to: state.clientConfiguration(tier))
    }
}
