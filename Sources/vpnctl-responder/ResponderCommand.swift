import Addressing
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import ProbePackets

/// vpnctl-responder: runs beside a VPN server and answers the router probe
/// (docs/responder.md): STUN and the UDP echo on the probe port and the next one,
/// the TCP echo, PPTP control, and the GRE and ESP echoes.
@main
struct ResponderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpnctl-responder",
        abstract: "Answers vpnctl's router probe beside a VPN server."
    )

    @Option(help: "The VPN server's IPv4 address, where the responder listens.")
    var address: String

    @Option(help: "The probe port: STUN and the UDP and TCP echoes; STUN also on the next port.")
    var port: UInt16 = 3478

    @Option(help: "The TCP port for PPTP control (default 1723).")
    var pptpPort: UInt16?

    @Flag(help: "Do not answer PPTP control (a real PPTP server owns the port).")
    var noPptp = false

    @Flag(help: "Do not answer GRE echoes.")
    var noGre = false

    @Flag(help: "Do not answer ESP echoes.")
    var noEsp = false

    @Option(help: "The unprivileged user to run as once every socket is open (when started as root).")
    var user = "nobody"

    @Option(help: "Answers per second to one source address (also its burst).")
    var ratePerSource = 50

    @Option(help: "Answers per second to all sources together (also the burst).")
    var rateTotal = 2000

    @Option(help: "Seconds a TCP connection (echo or PPTP) may last, however busy.")
    var tcpLifetime = 30

    @Option(help: "Bytes answered per second to one source address (also its burst; at least 1500).")
    var bytesPerSource = 65_536

    @Option(help: "Bytes answered per second to all sources together (also the burst; at least 1500).")
    var bytesTotal = 4_194_304

    func validate() throws {
        guard ratePerSource >= 1 else { throw ValidationError("--rate-per-source must be at least 1 answer per second, not \(ratePerSource)") }
        guard rateTotal >= 1 else { throw ValidationError("--rate-total must be at least 1 answer per second, not \(rateTotal)") }
        guard tcpLifetime >= 1 else { throw ValidationError("--tcp-lifetime must be at least 1 second, not \(tcpLifetime)") }
        guard bytesPerSource >= 1500 else { throw ValidationError("--bytes-per-source must be at least 1500 (one full packet), not \(bytesPerSource)") }
        guard bytesTotal >= 1500 else { throw ValidationError("--bytes-total must be at least 1500 (one full packet), not \(bytesTotal)") }
        if noPptp, pptpPort != nil { throw ValidationError("--pptp-port and --no-pptp contradict each other; give one of them") }
        guard port >= 1 else { throw ValidationError("--port must be from 1 to 65534, not 0") }
    }

    func run() throws {
        guard let server = IPAddress(address), server.family == .ipv4 else { throw ResponderError.invalidAddress(address) }
        guard port < UInt16.max else { throw ResponderError.portWithoutNeighbour(port) }
        let pptpPort = noPptp ? nil : (self.pptpPort ?? 1723)
        if let pptpPort, pptpPort == port {
            throw ResponderError.portClash("--pptp-port \(pptpPort) is the probe port, whose TCP side is the echo")
        }
        // Blocked before any thread starts, so every thread inherits the mask and
        // the signals wait for sigwait below instead of killing the process mid-reply.
        let stopSignals = Self.blockStopSignals()

        let primary = TransportAddress(address: server, port: port)
        let secondary = TransportAddress(address: server, port: port + 1)
        let limiter = SharedRateLimiter(perSourceRate: ratePerSource, totalRate: rateTotal, perSourceBytes: bytesPerSource, totalBytes: bytesTotal)
        let calls = PPTPCallTable()
        let stun = STUNService(primary: primary, secondary: secondary)

        // Every socket is bound before any answers, so a failure stops the start cleanly.
        let udpPrimary = try UDPSocket(binding: primary)
        let udpSecondary = try UDPSocket(binding: secondary)
        let lifetime = Duration.seconds(tcpLifetime)
        let tcpEcho = try TCPListener(binding: primary, name: "tcp \(port)", lifetime: lifetime)
        let pptp = try pptpPort.map { port throws(ResponderError) in
            try TCPListener(binding: TransportAddress(address: server, port: port), name: "pptp \(port)", lifetime: lifetime)
        }
        let gre = noGre ? nil : try RawIPSocket(protocol: 47, binding: server, name: "GRE")
        let esp = noEsp ? nil : try RawIPSocket(protocol: 50, binding: server, name: "ESP")
        // Every socket is open: root is needed no more. Before any thread starts.
        try Privileges.drop(to: user)

        let primaryService = UDPPortService(socket: udpPrimary, otherSocket: udpSecondary, stun: stun, echoes: true, limiter: limiter)
        let secondaryService = UDPPortService(socket: udpSecondary, otherSocket: udpPrimary, stun: stun, echoes: false, limiter: limiter)
        ServiceThread.start(primaryService.name) { primaryService.run() }
        ResponderLog.line("udp \(primary): STUN and the echoes")
        ServiceThread.start(secondaryService.name) { secondaryService.run() }
        ResponderLog.line("udp \(secondary): STUN")
        ServiceThread.start(tcpEcho.name) {
            tcpEcho.run(limiter: limiter) { TCPEchoService.serve($0, limiter: limiter, name: tcpEcho.name) }
        }
        ResponderLog.line("tcp \(primary): echo")
        if let pptp {
            let control = PPTPControlService(calls: calls, name: pptp.name)
            ServiceThread.start(pptp.name) { pptp.run(limiter: limiter, serve: control.serve) }
            ResponderLog.line("tcp \(pptp.local): PPTP control")
        }
        if let gre {
            let service = GREEchoService(socket: gre, calls: calls, limiter: limiter)
            ServiceThread.start("gre") { service.run() }
            ResponderLog.line("gre \(server): echo")
        }
        if let esp {
            let service = ESPEchoService(socket: esp, limiter: limiter)
            ServiceThread.start("esp") { service.run() }
            ResponderLog.line("esp \(server): echo")
        }
        ResponderLog.line("rate: \(ratePerSource) answers and \(bytesPerSource) bytes per second per source, \(rateTotal) and \(bytesTotal) in total")
        // Unbuffered, so a caller waiting for the line sees it now.
        ResponderLog.write(to: 1, "ready\n")

        var received: Int32 = 0
        var signals = stopSignals
        sigwait(&signals, &received)
        ResponderLog.line("stopping on signal \(received)")
        // Returning ends the process; the kernel closes every socket with it.
    }

    private static func blockStopSignals() -> sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        return signals
    }
}
