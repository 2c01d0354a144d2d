// swift-tools-version:6.0
import PackageDescription

// Arrows point one way: executables → Directory, VPNConfig → VPNCore.
// VPNCore is pure domain logic with no I/O; it depends on Addressing alone.
let package = Package(
    name: "vpnctl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vpnctl", targets: ["vpnctl"]),
        .executable(name: "vpnctl-provider", targets: ["vpnctl-provider"]),
        .executable(name: "vpnlab", targets: ["VPNLab"]),
        .executable(name: "vpnctld", targets: ["vpnctld"]),
        .executable(name: "vpnctl-plugin-wireguard", targets: ["WireGuardPlugin"]),
        .executable(name: "vpnctl-plugin-openvpn", targets: ["OpenVPNPlugin"]),
        .executable(name: "vpnctl-plugin-l2tp", targets: ["L2TPPlugin"]),
        .executable(name: "vpnctl-responder", targets: ["vpnctl-responder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // The one address type (IPv4, IPv6, either, and a prefix), parsed from
        // text and from the kernel's bytes; no I/O.
        .target(name: "Addressing"),
        .target(name: "VPNCore", dependencies: ["Addressing"]),
        .target(name: "Netlink", dependencies: ["Addressing", "SystemSupport"]),
        // The systems layer every process shares: the one child-process
        // launcher and the line reader. A leaf: Glibc and Foundation only.
        .target(name: "SystemSupport"),
        // JSON-RPC 2.0 over lines: the one framing of the control socket
        // and of the plugin contract, with typed methods.
        .target(name: "JSONRPC"),
        // The plugin contract; beside the systems layer, all a plugin needs.
        .target(name: "PluginKit", dependencies: ["JSONRPC", "SystemSupport"]),
        // libcurl's headers; the library itself is loaded on first use (shim.h).
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "Directory",
            dependencies: [
                "VPNCore",
                "Addressing",
                "SystemSupport",
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "VPNConfig",
            dependencies: ["VPNCore"]
        ),
        // The CLI ↔ daemon protocol: messages and the unix-socket transport.
        .target(name: "Control", dependencies: ["VPNCore", "JSONRPC", "SystemSupport"]),
        // What the daemon keeps in state_dir, apart from the executable so
        // that tests can reach it: the settings changed with `vpnctl set`.
        .target(name: "DaemonSupport", dependencies: ["VPNCore", "Directory", "Control", "SystemSupport"]),
        .executableTarget(
            name: "vpnctld",
            dependencies: [
                "VPNCore",
                "Directory",
                "VPNConfig",
                "PluginKit",
                "Control",
                "DaemonSupport",
                "SystemSupport",
                "RouterProbe",
                "Firewall",
                "Addressing",
                "Netlink",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "vpnctl",
            dependencies: [
                "Control",
                "JSONRPC",
                "SystemSupport",
                "VPNCore",
                "VPNConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "vpnctl-provider",
            dependencies: [
                "Directory",
                "SystemSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The lab: a small internet in network namespaces (demo, integration tests).
        .executableTarget(
            name: "VPNLab",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The packets of the probed protocols, built and parsed: what the
        // client's probe and the server's responder both speak, and no more.
        .target(
            name: "ProbePackets",
            dependencies: [
                "Addressing",
                "Netlink",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // What the router in front of the machine lets through: the client's probe.
        .target(
            name: "RouterProbe",
            dependencies: [
                "ProbePackets",
                "VPNCore",
                "Addressing",
                "Netlink",
                "SystemSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Runs beside each VPN server and answers the router probe: the
        // packets alone, nothing of the client.
        .executableTarget(
            name: "vpnctl-responder",
            dependencies: ["ProbePackets", "Addressing", "SystemSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // What plugins that route everything through an interface of theirs
        // share: wg-quick-style policy routing and the tunnel's DNS.
        .target(name: "TunnelSupport", dependencies: ["Addressing", "Netlink", "SystemSupport"]),
        // libnftables' entry points; the library itself is loaded on first use (shim.h).
        .systemLibrary(name: "CNftables"),
        // Renders VPNCore's firewall policy into nftables and applies it atomically.
        .target(name: "Firewall", dependencies: ["VPNCore", "Addressing", "CNftables"]),
        // Protocol plugins: separate executables, knowing only the contract.
        .executableTarget(
            name: "WireGuardPlugin",
            dependencies: ["PluginKit", "SystemSupport", "Addressing", "Netlink", "TunnelSupport"],
            path: "Plugins/WireGuard"
        ),
        .executableTarget(
            name: "OpenVPNPlugin",
            dependencies: ["PluginKit", "SystemSupport", "Addressing", "Netlink", "TunnelSupport"],
            path: "Plugins/OpenVPN"
        ),
        .executableTarget(
            name: "L2TPPlugin",
            dependencies: ["PluginKit", "SystemSupport", "Addressing", "Netlink", "TunnelSupport"],
            path: "Plugins/L2TP"
        ),
        // Shared by the test targets: starts the real HTTPS provider fixture.
        .target(name: "TestSupport", dependencies: ["PluginKit", "JSONRPC", "SystemSupport", "VPNCore", "ProbePackets"], path: "Tests/TestSupport"),
        .testTarget(name: "AddressingTests", dependencies: ["Addressing"]),
        .testTarget(name: "VPNCoreTests", dependencies: ["VPNCore", "Addressing"]),
        .testTarget(name: "FirewallTests", dependencies: ["Firewall", "VPNCore", "Addressing", "TestSupport"]),
        .testTarget(name: "vpnctldTests", dependencies: ["vpnctld", "Directory", "VPNConfig", "VPNCore", "Firewall", "PluginKit", "Control", "TestSupport"]),
        .testTarget(name: "NetlinkTests", dependencies: ["Netlink", "Addressing"]),
        .testTarget(name: "ProbePacketsTests", dependencies: ["ProbePackets", "Addressing", "VPNCore", "TestSupport"]),
        .testTarget(name: "RouterProbeTests", dependencies: ["RouterProbe", "ProbePackets", "VPNCore", "Addressing", "TestSupport"]),
        .testTarget(
            name: "DirectoryTests",
            dependencies: ["Directory", "VPNCore", "Addressing", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "VPNConfigTests", dependencies: ["VPNConfig"]),
        .testTarget(name: "PluginKitTests", dependencies: ["PluginKit", "JSONRPC", "SystemSupport", "TestSupport"], exclude: ["plugins"]),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport", "TestSupport"]),
        .testTarget(name: "LabTests", dependencies: ["TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "Control"]),
        .testTarget(name: "ControlTests", dependencies: ["Control"]),
        .testTarget(name: "DaemonSupportTests", dependencies: ["DaemonSupport", "VPNCore", "Control"]),
        .testTarget(name: "WireGuardPluginTests", dependencies: ["PluginKit", "TestSupport"]),
        .testTarget(name: "OpenVPNPluginTests", dependencies: ["OpenVPNPlugin", "PluginKit", "TestSupport"]),
        .testTarget(name: "L2TPPluginTests", dependencies: ["L2TPPlugin", "PluginKit", "Addressing", "TestSupport"]),
        .testTarget(name: "ResponderTests", dependencies: ["vpnctl-responder", "ProbePackets", "Addressing", "TestSupport"]),
        .testTarget(name: "KernelTests", dependencies: ["Netlink", "Addressing", "PluginKit", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
