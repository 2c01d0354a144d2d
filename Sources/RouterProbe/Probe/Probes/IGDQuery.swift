import Addressing
import ProbePackets
import VPNCore

/// The HTTP half of UPnP: the device description at LOCATION, then the WAN
/// service's GetExternalIPAddress. Only ever to the gateway itself: a
/// LOCATION naming another host is reported, not followed.
struct IGDQuery {
    let gateway: IPv4Address
    let location: HTTPURL
    let timeoutMilliseconds: Int
    var timeline: ProbeTimeline? = nil

    /// The external address, if the gateway told it, and a sentence on how it went.
    func run() -> (external: IPv4Address?, evidence: String) {
        let deadline = ProbeDuration.nowNanoseconds() + UInt64(timeoutMilliseconds) * 1_000_000
        do {
            let descriptionBytes = try fetch(location, request: descriptionRequest(), deadline: deadline)
            timeline.mark("upnp: description fetched")
            let head = try HTTPResponseHead(parsing: descriptionBytes, kind: .upnp)
            guard head.statusCode == 200 else { return (nil, "the IGD description at \(location) gave HTTP \(head.statusCode)") }
            let description = try IGDDescription(parsing: head.body, location: location)
            timeline.mark("upnp: description parsed")
            let soap = UPnPExternalIPRequest(for: description)
            let reply = try fetch(soap.controlURL, request: soap.encoded(), deadline: deadline)
            timeline.mark("upnp: GetExternalIPAddress reply received")
            let answer = try UPnPExternalIPResponse(parsingHTTP: reply)
            timeline.mark("upnp: GetExternalIPAddress answered")
            guard let external = answer.externalAddress?.asIPv4 else {
                return (nil, "GetExternalIPAddress answered without an IPv4 address")
            }
            return (external, "GetExternalIPAddress says \(external)")
        } catch let error as IGDQueryError {
            return (nil, error.description)
        } catch let error as PacketError {
            return (nil, "the IGD's reply was not understood: \(error)")
        } catch let error as ProbeSocketError {
            return (nil, "the IGD's HTTP request failed: \(error)")
        } catch {
            return (nil, "the IGD query failed: \(error)")
        }
    }

    private func descriptionRequest() -> [UInt8] {
        Array("GET \(location.path) HTTP/1.1\r\nHOST: \(location.hostHeader)\r\nCONNECTION: close\r\n\r\n".utf8)
    }

    private func fetch(_ url: HTTPURL, request: [UInt8], deadline: UInt64) throws -> [UInt8] {
        guard let host = IPv4Address(url.host), host == gateway else { throw IGDQueryError.offGateway(url) }
        let remaining = Int((deadline &- ProbeDuration.nowNanoseconds()) / 1_000_000)
        let connection = try StreamConnection(to: IPv4Endpoint(host, url.port), within: max(1, remaining))
        try connection.send(request)
        return try connection.receiveAll(deadline: deadline, limit: 65_536)
    }
}
