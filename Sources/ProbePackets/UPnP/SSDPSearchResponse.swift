/// A device's answer to an M-SEARCH: where its description lives and what it is.
public struct SSDPSearchResponse: Sendable, Hashable {
    /// LOCATION: the URL of the device description XML.
    public var location: HTTPURL
    public var searchTarget: String?
    public var server: String?
    public var uniqueServiceName: String?

    public init(parsing bytes: [UInt8]) throws(PacketError) {
        let head = try HTTPResponseHead(parsing: bytes, kind: .ssdp)
        guard head.statusCode == 200 else {
            throw .invalidValue(.ssdp, field: "status code", found: "\(head.statusCode)", expected: "200")
        }
        guard let locationText = head.header("location") else { throw .missing(.ssdp, field: "a LOCATION header") }
        location = try HTTPURL(parsing: locationText, kind: .ssdp)
        searchTarget = head.header("st")
        server = head.header("server")
        uniqueServiceName = head.header("usn")
    }
}
