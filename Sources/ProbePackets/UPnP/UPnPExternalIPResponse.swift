import Addressing

/// The answer to `GetExternalIPAddress`: the gateway's WAN address, or its SOAP fault.
public struct UPnPExternalIPResponse: Sendable, Hashable {
    /// Nil when the gateway has no WAN address yet (an empty NewExternalIPAddress).
    public var externalAddress: IPAddress?

    /// Parses a whole HTTP response (status line, headers, body).
    public init(parsingHTTP bytes: [UInt8]) throws(PacketError) {
        let head = try HTTPResponseHead(parsing: bytes, kind: .upnp)
        try self.init(parsingBody: head.body, statusCode: head.statusCode)
    }

    /// Parses the SOAP envelope alone.
    public init(parsingBody body: [UInt8], statusCode: Int = 200) throws(PacketError) {
        let scanner = XMLScanner(body)
        if let code = scanner.text(of: "errorCode") {
            let text = scanner.text(of: "errorDescription") ?? "no description"
            throw .invalidValue(.upnp, field: "SOAP reply", found: "UPnP error \(code) (\(text))", expected: "NewExternalIPAddress")
        }
        guard statusCode == 200 else {
            throw .invalidValue(.upnp, field: "HTTP status", found: "\(statusCode)", expected: "200")
        }
        guard let text = scanner.text(of: "NewExternalIPAddress") else {
            throw .missing(.upnp, field: "NewExternalIPAddress")
        }
        if text.isEmpty {
            externalAddress = nil
            return
        }
        guard text.utf8.count <= 45, let address = IPAddress(text) else {
            throw .invalidValue(.upnp, field: "NewExternalIPAddress", found: String(text.prefix(60)).debugDescription, expected: "an IP address")
        }
        externalAddress = address
    }
}
