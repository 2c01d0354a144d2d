/// The SOAP `GetExternalIPAddress` action of a WANIPConnection / WANPPPConnection
/// service (UPnP IGD, UDA 1.1 §3.2.1): an HTTP POST to the service's controlURL.
public struct UPnPExternalIPRequest: Sendable, Hashable {
    public var controlURL: HTTPURL
    public var serviceType: String

    public init(controlURL: HTTPURL, serviceType: String) {
        self.controlURL = controlURL
        self.serviceType = serviceType
    }

    public init(for description: IGDDescription) {
        self.init(controlURL: description.controlURL, serviceType: description.serviceType)
    }

    /// The SOAPACTION header value, quotes included as UDA requires.
    public var soapAction: String { "\"\(serviceType)#GetExternalIPAddress\"" }

    public var body: String {
        """
        <?xml version="1.0"?>\r
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" \
        s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">\
        <s:Body><u:GetExternalIPAddress xmlns:u="\(serviceType.xmlEscaped)"></u:GetExternalIPAddress></s:Body>\
        </s:Envelope>\r\n
        """
    }

    /// The whole HTTP/1.1 request, ready for a TCP connection to the control URL's host.
    public func encoded() -> [UInt8] {
        let body = Array(body.utf8)
        let head = [
            "POST \(controlURL.path) HTTP/1.1",
            "HOST: \(controlURL.hostHeader)",
            "CONTENT-TYPE: text/xml; charset=\"utf-8\"",
            "CONTENT-LENGTH: \(body.count)",
            "SOAPACTION: \(soapAction)",
            "CONNECTION: close",
        ].joined(separator: "\r\n") + "\r\n\r\n"
        return Array(head.utf8) + body
    }
}

extension String {
    var xmlEscaped: String {
        replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }
}
