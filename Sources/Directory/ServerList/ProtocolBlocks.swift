import Addressing
import Foundation
import VPNCore

/// Schema 1 describes each protocol in a block of its own (`wireguard`,
/// `openvpn`, `l2tp`). This is the one place that knows those blocks: it turns
/// them into the core's protocol-neutral offers, checking every value that a
/// plugin will later write into a configuration file.
enum ProtocolBlocks {
    static let pemLimit = 16 * 1024

    /// The server's resolvers inside its tunnels. Schema 1 keeps them in the
    /// WireGuard block (`dns`); they serve every protocol's tunnel.
    static func resolvers(of server: FieldReader) throws(ServerListParseError) -> [IPv4Address] {
        guard let block = try server.optionalObject("wireguard") else { return [] }
        let dns = try block.stringArray("dns", maxLength: 15, maxCount: 4)
        return try dns.enumerated().map { (index, text) throws(ServerListParseError) -> IPv4Address in
            guard let address = IPv4Address(text) else { throw block.fail("dns[\(index)]", .invalid(expected: "an IPv4 address")) }
            return address
        }
    }

    static func offers(of server: FieldReader) throws(ServerListParseError) -> [ProtocolOffer] {
        var offers: [ProtocolOffer] = []
        if let block = try server.optionalObject("wireguard") {
            let key = try block.parsed("public_key", as: "a base64 WireGuard key (32 bytes)", maxLength: 44, wireGuardKey)
            let port = try block.integer("port", in: 1...65535)
            offers.append(ProtocolOffer(protocolName: .wireguard, transport: .udp, ports: [UInt16(port)], parameters: ["public_key": key]))
        }
        if let block = try server.optionalObject("openvpn") {
            var parameters = ["ca": try block.pem("ca")]
            if let tlsCrypt = try block.optionalPEM("tls_crypt") { parameters["tls_crypt"] = tlsCrypt }
            let udpPorts = try block.integerArray("udp_ports", in: 1...65535).map(UInt16.init)
            let tcpPorts = try block.integerArray("tcp_ports", in: 1...65535).map(UInt16.init)
            guard !udpPorts.isEmpty || !tcpPorts.isEmpty else {
                throw block.fail("udp_ports", .invalid(expected: "present: an OpenVPN block needs udp_ports or tcp_ports"))
            }
            if !udpPorts.isEmpty {
                offers.append(ProtocolOffer(protocolName: .openvpnUDP, transport: .udp, ports: udpPorts, parameters: parameters))
            }
            if !tcpPorts.isEmpty {
                offers.append(ProtocolOffer(protocolName: .openvpnTCP, transport: .tcp, ports: tcpPorts, parameters: parameters))
            }
        }
        if let block = try server.optionalObject("l2tp") {
            let psk = try block.string("ipsec_psk", maxLength: 128)
            guard !psk.isEmpty else { throw block.fail("ipsec_psk", .invalid(expected: "a non-empty pre-shared key")) }
            // IKE on 500, NAT-T on 4500; L2TP itself (1701) rides inside IPsec.
            offers.append(ProtocolOffer(protocolName: .l2tpIPsec, transport: .udp, ports: [500, 4500], parameters: ["ipsec_psk": psk]))
        }
        return offers
    }

    static func wireGuardKey(_ text: String) -> String? {
        guard text.utf8.count == 44, let data = Data(base64Encoded: text), data.count == 32 else { return nil }
        return text
    }

    /// PEM blocks, optionally preceded by `#` comment lines (OpenVPN key
    /// files). Only the characters PEM uses, so nothing can close an inline
    /// block of a generated OpenVPN configuration.
    static func isPEM(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var sawBlock = false
            var inside = false
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                lineStart = lineEnd + 1
                if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
                if line.isEmpty { continue }
                if let label = marker(line, "-----BEGIN ") {
                    guard !inside, isLabel(label) else { return false }
                    inside = true
                } else if let label = marker(line, "-----END ") {
                    guard inside, isLabel(label) else { return false }
                    inside = false
                    sawBlock = true
                } else if inside {
                    guard line.allSatisfy(IdentifierByte.isBase64) else { return false }
                } else {
                    guard line.first == UInt8(ascii: "#"), line.allSatisfy(IdentifierByte.isCommentSafe) else { return false }
                }
            }
            return sawBlock && !inside
        }
    }

    /// The label of a `-----BEGIN label-----` line, if `line` is one.
    private static func marker(_ line: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Slice<UnsafeBufferPointer<UInt8>>? {
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        let suffix = Array("-----".utf8)
        guard line.count > prefixBytes.count + suffix.count, line.starts(with: prefixBytes), line.suffix(5).elementsEqual(suffix) else { return nil }
        return line[prefixBytes.count..<(line.count - 5)]
    }

    private static func isLabel(_ label: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        !label.isEmpty && label.allSatisfy { IdentifierByte.isAlphanumeric($0) || $0 == UInt8(ascii: " ") }
    }
}

private enum IdentifierByte {
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isBase64(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }

    static func isCommentSafe(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "-")
    }
}

private extension FieldReader {
    func pem(_ key: String) throws(ServerListParseError) -> String {
        let text = try string(key, maxLength: ProtocolBlocks.pemLimit, allowLineBreaks: true)
        guard ProtocolBlocks.isPEM(text) else { throw fail(key, .invalid(expected: "a PEM block")) }
        return text
    }

    func optionalPEM(_ key: String) throws(ServerListParseError) -> String? {
        guard try optionalString(key, maxLength: ProtocolBlocks.pemLimit, allowLineBreaks: true) != nil else { return nil }
        return try pem(key)
    }
}
