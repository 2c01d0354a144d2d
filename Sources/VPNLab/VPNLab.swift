import ArgumentParser
import Foundation

@main
struct VPNLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpnlab",
        abstract: "A small internet in network namespaces: a home client behind a NAT router, a provider API, a web host and VPN servers.",
        discussion: "The state directory is $VPNLAB_STATE_DIR, or \(StateDirectory.defaultPath). Everything runs in namespaces named vpnlab-*; the machine's own network is never touched.",
        subcommands: [Up.self, Down.self, Status.self, Exec.self, RouterCommand.self, LeakCheckCommand.self]
    )
}

/// Turns a LabError into a message and exit status 1, as the other commands do.
protocol LabCommand: ParsableCommand {
    func execute(_ lab: Lab) throws
}

extension LabCommand {
    func run() throws {
        do {
            try execute(Lab(state: .fromEnvironment()))
        } catch let error as LabError {
            FileHandle.standardError.write(Data("vpnlab: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

struct Up: LabCommand {
    static let configuration = CommandConfiguration(abstract: "Build the lab, or leave it as it is when it is already up.")

    @Flag(help: "Print the status as JSON.") var json = false

    func execute(_ lab: Lab) throws {
        let (_, built) = try lab.up()
        let report = StatusReport(lab: lab)
        if json {
            print(try report.jsonText())
        } else {
            if !built { print("lab: already up") }
            print(report.text)
        }
    }
}

struct Down: LabCommand {
    static let configuration = CommandConfiguration(abstract: "Remove every namespace and process of the lab, also after a crash.")

    @Flag(help: "Also take down a lab of another state directory that a live test run or demo is using.")
    var force = false

    func execute(_ lab: Lab) throws {
        try lab.down(force: force)
    }
}

struct Status: LabCommand {
    static let configuration = CommandConfiguration(abstract: "Tell whether the lab is up and where its parts are.")

    @Flag(help: "Print JSON.") var json = false

    func execute(_ lab: Lab) throws {
        let report = StatusReport(lab: lab)
        print(json ? try report.jsonText() : report.text)
    }
}

struct Exec: LabCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a command on a node of the lab (client, router, inet or a server id).",
        discussion: "On the client, VPNCTL_CONFIG names the lab's configuration for the account. Example: vpnlab exec client --account premium -- vpnctl locations"
    )

    @Argument(help: "client, router, inet, or a server id such as de-fra-001.") var node: String
    @Option(help: "free or premium: whose configuration VPNCTL_CONFIG names.") var account: Topology.Tier = .free
    @Argument(parsing: .postTerminator, help: "The command.") var command: [String]

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command after --, e.g. vpnlab exec client -- ping -c1 \(Topology.webHostAddress)") }
    }

    func execute(_ lab: Lab) throws {
        try Preflight.requireRoot()
        guard let namespace = Topology.nodes.first(where: { $0.name == node })?.namespace else {
            throw LabError.unknownNode(node, known: Topology.nodes.map(\.name))
        }
        _ = try lab.requireUp()
        var environment = ProcessInfo.processInfo.environment
        environment["VPNCTL_CONFIG"] = lab.state.clientConfiguration(account)
        try Subprocess.replaceProcess(with: [try Subprocess.executable("ip").path, "netns", "exec", namespace] + command, environment: environment)
    }
}

extension Topology.Tier: ExpressibleByArgument {}

enum Switch: String, ExpressibleByArgument {
    case on, off
    var isOn: Bool { self == .on }
}

struct RouterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Flip the home router's switches.",
        subcommands: [Nat.self, Passthrough.self, Upnp.self]
    )

    /// Changes the settings, applies them to the running router and records them.
    static func change(_ lab: Lab, _ edit: (inout RouterSettings) throws -> Void) throws {
        try Preflight.requireRoot()
        try LabLock.holding {
            var record = try lab.requireUp()
            try edit(&record.router)
            try Router.apply(record.router, state: lab.state)
            try lab.state.save(record)
        }
    }

    struct Nat: LabCommand {
        static let configuration = CommandConfiguration(abstract: "Masquerade the home network behind the WAN address (on), or route it as it is (off).")
        @Argument var state: Switch
        func execute(_ lab: Lab) throws { try RouterCommand.change(lab) { $0.nat = state.isOn } }
    }

    struct Passthrough: LabCommand {
        static let configuration = CommandConfiguration(
            abstract: "VPN passthrough switches: off drops what consumer routers drop.",
            discussion: "pptp: tcp/1723 and GRE; ipsec: udp/500, udp/4500, ESP and AH; l2tp: udp/1701; udp off: every UDP but DNS."
        )
        @Option var pptp: Switch?
        @Option var ipsec: Switch?
        @Option var l2tp: Switch?
        @Option var udp: Switch?

        func validate() throws {
            if [pptp, ipsec, l2tp, udp].allSatisfy({ $0 == nil }) {
                throw ValidationError("give at least one of --pptp, --ipsec, --l2tp, --udp with on or off")
            }
        }

        func execute(_ lab: Lab) throws {
            try RouterCommand.change(lab) { settings in
                if let pptp { settings.pptpPassthrough = pptp.isOn }
                if let ipsec { settings.ipsecPassthrough = ipsec.isOn }
                if let l2tp { settings.l2tpPassthrough = l2tp.isOn }
                if let udp { settings.udp = udp.isOn }
            }
        }
    }

    struct Upnp: LabCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run miniupnpd on the router (on) or stop it and drop its mappings (off).",
            discussion: "On: UPnP IGD (SSDP on \(Topology.routerLANAddress):\(MiniUPnPD.ssdpPort), HTTP port \(MiniUPnPD.httpPort)), NAT-PMP and PCP (udp/\(MiniUPnPD.natPMPPort)), for the home network only; mappings are DNAT rules in the router's nftables table inet \(MiniUPnPD.table). On after `vpnlab up`."
        )
        @Argument var state: Switch
        func execute(_ lab: Lab) throws { try RouterCommand.change(lab) { $0.upnp = state.isOn } }
    }
}
