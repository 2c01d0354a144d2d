import Foundation

/// The leak harness (`vpnlab leakcheck`): a capture on the home router's LAN
/// side and probes from the home client (Lab/leakcheck.py does the packets).
/// What the capture sees there left the client outside any tunnel, unless
/// it went to a VPN server, which is the tunnel and counted apart.
///
/// One check at a time; its files live in `leakcheck/` of the state
/// directory until `stop` reports and removes them. Its processes run in the
/// lab's namespaces, so `vpnlab down` ends them whatever happened.
struct LeakCheck {
    struct Run: Codable {
        var capturePID: Int32
        var senderPID: Int32?
        var intervalMilliseconds: Int?
        var probeSets = 0
        var startedAt: Date
    }

    /// What the probes go to: the web host (the internet, and its port 53
    /// stands for any resolver out there) and the home router (the LAN and
    /// its resolver), each over IPv4 and IPv6. Names are part of the report.
    static let targets: [(name: String, address: String)] = [
        ("webhost4", Topology.webHostAddress), ("webhost6", Topology.webHostAddress6),
        ("router4", Topology.routerLANAddress), ("router6", Topology.routerLANAddress6),
    ]

    /// Every VPN server's address: packets to these are the tunnel.
    static var tunnelEndpoints: [String] {
        Topology.servers.flatMap { [$0.address] + ($0.address6.map { [$0] } ?? []) }
    }

    let state: StateDirectory

    var directory: String { state.file("leakcheck") }
    var runFile: String { directory + "/run.json" }
    var events: String { directory + "/events" }
    var summaryFile: String { directory + "/summary.json" }
    var captureLog: String { directory + "/capture.log" }
    var senderLog: String { directory + "/sender.log" }

    private var targetArguments: [String] { Self.targets.flatMap { ["--target", "\($0.name)=\($0.address)"] } }

    private func script() throws -> [String] {
        [try Subprocess.executable("python3").path, try Resources.labScript("leakcheck.py")]
    }

    /// Starts the capture and returns once it listens; with an interval, also
    /// a stream of probe sets from the client, one every `interval` ms.
    func start(intervalMilliseconds: Int?) throws {
        if let run = try load() {
            guard !Processes.isRunning(run.capturePID) else { throw LabError.leakCheckRunning }
            // A check whose `stop` never came (a killed test): start afresh.
            if let sender = run.senderPID, Processes.isRunning(sender) { kill(sender, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: directory)
        try Files.makeDirectory(directory)
        try Files.write("", to: events, mode: 0o600)

        let capture = try Namespace(Topology.routerNamespace).spawnDaemon(try script() + [
            "capture", "--interface", Topology.routerLANInterface, "--events", events, "--summary", summaryFile,
        ] + targetArguments + Self.tunnelEndpoints.flatMap { ["--tunnel", $0] }, log: captureLog)
        var run = Run(capturePID: capture, startedAt: Date())
        try save(run)
        try awaitLine("listening", in: captureLog, of: capture, name: "the leak check's capture on the router's \(Topology.routerLANInterface)")

        if let intervalMilliseconds {
            let sender = try Namespace(Topology.clientNamespace).spawnDaemon(
                try script() + ["send", "--interval-ms", String(intervalMilliseconds)] + targetArguments, log: senderLog)
            run.senderPID = sender
            run.intervalMilliseconds = intervalMilliseconds
            try save(run)
            try awaitLine("sending", in: senderLog, of: sender, name: "the leak check's probe stream on the client")
        }
    }

    /// Sends one probe set from the client, and returns when it is sent.
    func probe() throws {
        guard var run = try load(), Processes.isRunning(run.capturePID) else { throw LabError.leakCheckNotRunning }
        try Namespace(Topology.clientNamespace).run(try script() + ["send"] + targetArguments)
        run.probeSets += 1
        try save(run)
    }

    /// Ends the stream, has the client send the sentinel, waits until the
    /// capture has seen it (and so everything sent before it), stops the
    /// capture and returns its report as JSON. The check's files go.
    func stop() throws -> [String: Any] {
        guard let run = try load() else { throw LabError.leakCheckNotRunning }
        var streamSets = 0
        if let sender = run.senderPID {
            kill(sender, SIGTERM)
            try Await.condition("the leak check's probe stream to stop", log: senderLog) { !Processes.isRunning(sender) }
            let last = Files.read(senderLog)?.split(separator: "\n").last { $0.hasPrefix("sets ") }
            streamSets = last.flatMap { Int($0.dropFirst(5)) } ?? 0
        }
        guard Processes.isRunning(run.capturePID) else {
            throw LabError.daemonExited(name: "the leak check's capture", log: Await.tail(captureLog))
        }
        // A packet sent toward a neighbour not yet resolved waits in the
        // kernel's queue, and the sentinel (written straight to the link)
        // would overtake it: wait until each such packet went out or was
        // given up (resolution fails within about 3 s).
        let client = Namespace(Topology.clientNamespace)
        try Await.condition("the client's neighbour resolutions to finish", timeout: .seconds(10)) {
            try client.run(["ip", "neigh", "show", "nud", "incomplete"]).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                && client.run(["ip", "-6", "neigh", "show", "nud", "incomplete"]).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        let nonce = ProviderService.randomHex(8)
        try client.run(try script() + ["sentinel", "--interface", Topology.clientInterface, "--nonce", nonce])
        try Await.condition("the capture on the router to see the client's sentinel frame", timeout: .seconds(10), log: captureLog) {
            guard Processes.isRunning(run.capturePID) else {
                throw LabError.daemonExited(name: "the leak check's capture", log: Await.tail(captureLog))
            }
            return Files.read(events)?.split(separator: "\n").contains { $0.hasSuffix(" sentinel \(nonce)") } == true
        }
        kill(run.capturePID, SIGTERM)
        try Await.condition("the leak check's capture to write its report", log: captureLog) {
            !Processes.isRunning(run.capturePID) && FileManager.default.fileExists(atPath: summaryFile)
        }
        guard let data = FileManager.default.contents(atPath: summaryFile),
              var report = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw LabError.invalidState(path: summaryFile, detail: "not the capture's JSON report") }
        report["sets_sent"] = streamSets + run.probeSets
        report["interval_ms"] = run.intervalMilliseconds ?? NSNull()
        report["duration_ms"] = Int(Date().timeIntervalSince(run.startedAt) * 1000)
        report["targets"] = Dictionary(uniqueKeysWithValues: Self.targets.map { ($0.name, $0.address) })
        report["events"] = (Files.read(events) ?? "").split(separator: "\n").filter { $0.contains(" probe ") }.prefix(200).map(String.init)
        try? FileManager.default.removeItem(atPath: directory)
        return report
    }

    private func awaitLine(_ line: String, in log: String, of pid: pid_t, name: String) throws {
        try Await.condition("\(name) to print \"\(line)\"", log: log) {
            if Files.read(log)?.split(separator: "\n").contains(where: { $0 == line }) == true { return true }
            guard Processes.isRunning(pid) else { throw LabError.daemonExited(name: name, log: Await.tail(log)) }
            return false
        }
    }

    private func load() throws -> Run? {
        guard let data = FileManager.default.contents(atPath: runFile) else { return nil }
        do {
            return try JSONDecoder().decode(Run.self, from: data)
        } catch {
            throw LabError.invalidState(path: runFile, detail: "\(error)")
        }
    }

    private func save(_ run: Run) throws {
        try Files.write(try JSONEncoder().encode(run), to: runFile, mode: 0o600)
    }
}
