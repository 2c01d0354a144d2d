import Foundation
import TestSupport

/// The built `vpnctl-responder` run in a namespace (`ip netns exec`, which
/// execs it), ready once it prints "ready"; and the server namespace's
/// WireGuard-port redirect to it (docs/responder.md).
final class ProbeResponderProcess: @unchecked Sendable {
    let namespace: String
    private let process = Process()
    private let logs: TemporaryDirectory
    private var stopped = false
    private var launched = false

    var log: String { (try? String(contentsOfFile: logs.path + "/responder.err", encoding: .utf8)) ?? "" }

    /// Starts it at `address`:`port` and waits for "ready"; on failure the error quotes its stderr.
    init(namespace: String, address: String, port: Int) throws {
        self.namespace = namespace
        logs = try TemporaryDirectory(prefix: "vpnprb-responder")
        let executable = (Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
            .appendingPathComponent("vpnctl-responder").path
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        // Its default rate limits: a probe must fit in what a real responder allows one client.
        process.arguments = ["netns", "exec", namespace, executable, "--address", address, "--port", "\(port)"]
        let output = Pipe()
        let errorPath = logs.path + "/responder.err"
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else { throw ProbeLabError("cannot create \(errorPath)") }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        launched = true
        var line: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first, first != 0x0A else { break }
            line.append(first)
        }
        guard String(decoding: line, as: UTF8.self) == "ready" else {
            stop()
            throw ProbeLabError("the responder did not get ready: \(log)")
        }
        _ = try Shell.output(["ip", "netns", "exec", namespace, "nft", "-f", "-"], input: """
            table ip vpnprb-responder {
                chain prerouting {
                    type nat hook prerouting priority dstnat;
                    udp dport 51820 @th,64,32 0x56504e45 redirect to :\(port)
                }
            }
            """)
    }

    /// SIGTERM and wait, and the redirect removed; once.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if launched {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        try? Shell.run("ip", "netns", "exec", namespace, "nft", "delete", "table", "ip", "vpnprb-responder")
        logs.remove()
    }

    deinit { stop() }
}
