import Addressing
import Foundation
import VPNCore

/// Where the provider API is, for the firewall to let the daemon's own
/// requests through while it blocks. An address in `api_url` is taken as
/// it is; a name is resolved once, when the daemon starts (DNS is blocked
/// later, while connecting).
enum APIRelays {
    static func of(_ apiURL: String) -> [Relay] {
        guard let url = URL(string: apiURL), let scheme = url.scheme, scheme == "https" || scheme == "http",
              var host = url.host, !host.isEmpty
        else { return [] }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = UInt16(url.port ?? (scheme == "https" ? 443 : 80))
        if let address = IPAddress(host) { return [Relay(address: address, port: port, purpose: .api)] }
        return resolve(host).map { Relay(address: $0, port: port, purpose: .api) }
    }

    private static func resolve(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &results) == 0 else {
            DaemonLog.warning("cannot resolve the provider API's host \(host): while blocking, the daemon cannot reach it")
            return []
        }
        defer { freeaddrinfo(results) }
        var addresses: [IPAddress] = []
        var cursor = results
        while let entry = cursor?.pointee {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.ai_addr, entry.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0,
               let address = IPAddress(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)),
               !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = entry.ai_next
        }
        return addresses
    }
}
