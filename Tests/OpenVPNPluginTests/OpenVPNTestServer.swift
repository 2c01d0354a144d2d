import Foundation
import TestSupport

/// A real openvpn server in the test's server namespace (test
/// infrastructure): a CA and a server certificate made with openssl, a
/// tls-crypt key from `openvpn --genkey`, and username/password checked by
/// a small `auth-user-pass-verify` script.
final class OpenVPNTestServer: @unchecked Sendable {
    enum Transport: String, Sendable { case udp, tcp }

    static let hostname = "test-001.example.net"
    static let username = "vpnctl"
    /// Quotes, a backslash and spaces: the management channel's escaping
    /// has to get them across intact.
    static let password = #"t0ken "with" \ quotes"#

    let transport: Transport
    let namespace: String
    let device: String
    let files: TemporaryDirectory
    private var process: Process?
    private let lines = Lines()

    var port: Int { transport == .udp ? 1194 : 443 }
    /// The server's own address inside the tunnel.
    var tunnelAddress: String { transport == .udp ? "198.18.100.1" : "198.18.101.1" }
    var ca: String { (try? String(contentsOf: files.url.appendingPathComponent("ca.crt"), encoding: .utf8)) ?? "" }
    var tlsCrypt: String { (try? String(contentsOf: files.url.appendingPathComponent("tc.key"), encoding: .utf8)) ?? "" }

    init(transport: Transport, namespace: String, device: String) throws {
        self.transport = transport
        self.namespace = namespace
        self.device = device
        files = try TemporaryDirectory(prefix: "vpnctl-ovpn-server")
    }

    /// Makes the PKI, starts openvpn and returns once it is serving.
    func start() throws {
        let dir = files.path
        try files.write("server.ext", "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\nextendedKeyUsage=serverAuth\n")
        try Shell.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                      "-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.crt", "-days", "2", "-subj", "/CN=vpnctl test CA")
        try Shell.run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                      "-keyout", "\(dir)/server.key", "-out", "\(dir)/server.csr", "-subj", "/CN=\(Self.hostname)")
        try Shell.run("openssl", "x509", "-req", "-in", "\(dir)/server.csr", "-CA", "\(dir)/ca.crt", "-CAkey", "\(dir)/ca.key",
                      "-CAcreateserial", "-out", "\(dir)/server.crt", "-days", "2", "-extfile", "\(dir)/server.ext")
        try Shell.run("openvpn", "--genkey", "tls-crypt", "\(dir)/tc.key")
        // openvpn writes the username and password a line each into the file it names.
        try files.write("expected", "\(Self.username)\n\(Self.password)\n")
        let check = try files.writeExecutable("check.sh", "#!/bin/sh\nexec cmp -s \"$1\" \(dir)/expected\n")
        let subnet = transport == .udp ? "198.18.100.0" : "198.18.101.0"
        let config = try files.write("server.conf", """
            port \(port)
            proto \(transport == .udp ? "udp" : "tcp-server")
            dev \(device)
            dev-type tun
            topology subnet
            server \(subnet) 255.255.255.0
            ca \(dir)/ca.crt
            cert \(dir)/server.crt
            key \(dir)/server.key
            dh none
            tls-crypt \(dir)/tc.key
            data-ciphers AES-256-GCM:CHACHA20-POLY1305
            verify-client-cert none
            username-as-common-name
            auth-user-pass-verify \(check.path) via-file
            script-security 2
            push "redirect-gateway def1"
            push "route 203.0.113.0 255.255.255.0"
            keepalive 10 60
            verb 3

            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace, "openvpn", "--config", config.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let lines = self.lines
        Thread {
            var pending = Data()
            while case let chunk = pipe.fileHandleForReading.availableData, !chunk.isEmpty {
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 10) {
                    lines.add(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            lines.finish()
        }.start()
        guard lines.waitFor("Initialization Sequence Completed", within: 15) else {
            throw ServerFailure(description: "the openvpn test server did not start: \(lines.all.suffix(5).joined(separator: " / "))")
        }
    }

    var log: [String] { lines.all }

    /// SIGKILL: openvpn started through Process inherits a mask that blocks
    /// SIGTERM, and this server owes nobody a clean exit.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        files.remove()
    }

    struct ServerFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The server's output, and a way to wait for a line of it.
    final class Lines: @unchecked Sendable {
        private let condition = NSCondition()
        private var lines: [String] = []
        private var ended = false

        var all: [String] { condition.withLock { lines } }

        func add(_ line: String) {
            condition.withLock {
                lines.append(line)
                condition.broadcast()
            }
        }

        func finish() {
            condition.withLock {
                ended = true
                condition.broadcast()
            }
        }

        func waitFor(_ text: String, within seconds: Double) -> Bool {
            let end = Date().addingTimeInterval(seconds)
            return condition.withLock {
                while !lines.contains(where: { $0.contains(text) }) {
                    if ended || !condition.wait(until: end) { return false }
                }
                return true
            }
        }
    }
}
