import Addressing
@testable import ProbePackets
import TestSupport
import Testing

let igdDescription = ascii("""
    <?xml version="1.0"?>
    <root xmlns="urn:schemas-upnp-org:device-1-0">
      <specVersion><major>1</major><minor>0</minor></specVersion>
      <device>
        <deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>
        <friendlyName>Lab Router &amp; Co</friendlyName>
        <serviceList><service>
          <serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType>
          <controlURL>/ctl/L3F</controlURL>
        </service></serviceList>
        <deviceList><device>
          <deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>
          <deviceList><device>
            <deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
            <serviceList>
              <service>
                <serviceType>urn:schemas-upnp-org:service:WANPPPConnection:1</serviceType>
                <controlURL>/ctl/PPPConn</controlURL>
              </service>
              <service>
                <serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>
                <serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
                <controlURL> ctl/IPConn </controlURL>
                <eventSubURL>/evt/IPConn</eventSubURL>
              </service>
            </serviceList>
          </device></deviceList>
        </device></deviceList>
      </device>
    </root>
    """)

let ssdpResponse = ascii(
    "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nst: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
        + "Location: http://198.51.100.1:5000/rootDesc.xml\r\nSERVER: Linux/6.1 UPnP/1.1 MiniUPnPd/2.3\r\n"
        + "usn: uuid:abc::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nEXT:\r\n\r\n"
)

let soapResponse = ascii("""
    <?xml version="1.0"?>
    <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
    <s:Body><u:GetExternalIPAddressResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1">
    <NewExternalIPAddress>203.0.113.44</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>
    """)

@Suite struct UPnPTests {
    @Test func multicastSearchText() {
        let text = String(decoding: SSDPSearchRequest.multicast().encoded(), as: UTF8.self)
        #expect(text == "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\n"
            + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n")
    }

    /// UDA 1.1 §1.3.2: a unicast M-SEARCH names the device's address and has no MX.
    @Test func unicastSearchText() {
        let text = String(decoding: SSDPSearchRequest.unicast(to: "198.51.100.1").encoded(), as: UTF8.self)
        #expect(text.hasPrefix("M-SEARCH * HTTP/1.1\r\nHOST: 198.51.100.1:1900\r\n"))
        #expect(!text.contains("MX:"))
        #expect(text.hasSuffix("ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n\r\n"))
    }

    @Test func searchResponseHeadersAreCaseInsensitive() throws {
        let response = try SSDPSearchResponse(parsing: ssdpResponse)
        #expect(response.location == HTTPURL(host: "198.51.100.1", port: 5000, path: "/rootDesc.xml"))
        #expect(response.searchTarget == "urn:schemas-upnp-org:device:InternetGatewayDevice:1")
        #expect(response.server == "Linux/6.1 UPnP/1.1 MiniUPnPd/2.3")
        #expect(response.uniqueServiceName == "uuid:abc::urn:schemas-upnp-org:device:InternetGatewayDevice:1")
    }

    @Test func searchResponsesWithoutLocationOrSuccessAreRejected() {
        #expect(throws: PacketError.missing(.ssdp, field: "a LOCATION header")) {
            try SSDPSearchResponse(parsing: ascii("HTTP/1.1 200 OK\r\nST: x\r\n\r\n"))
        }
        #expect(throws: PacketError.invalidValue(.ssdp, field: "status code", found: "404", expected: "200")) {
            try SSDPSearchResponse(parsing: ascii("HTTP/1.1 404 Not Found\r\n\r\n"))
        }
        #expect(throws: PacketError.invalidValue(.ssdp, field: "URL", found: "\"ftp://x/\"", expected: "an http:// URL")) {
            try SSDPSearchResponse(parsing: ascii("HTTP/1.1 200 OK\r\nLOCATION: ftp://x/\r\n\r\n"))
        }
    }

    @Test func urlsParseAndResolve() throws {
        let base = try HTTPURL(parsing: "http://[2001:db8::1]:49152/desc/root.xml", kind: .upnp)
        #expect(base == HTTPURL(host: "2001:db8::1", port: 49152, path: "/desc/root.xml"))
        #expect(base.hostHeader == "[2001:db8::1]:49152")
        #expect(try base.resolving("ctl", kind: .upnp).path == "/desc/ctl")
        #expect(try base.resolving("/ctl", kind: .upnp).path == "/ctl")
        #expect(try base.resolving("http://198.51.100.1/c", kind: .upnp) == HTTPURL(host: "198.51.100.1", path: "/c"))
        #expect(try HTTPURL(parsing: "HTTP://198.51.100.1", kind: .upnp) == HTTPURL(host: "198.51.100.1", port: 80, path: "/"))
        #expect(throws: PacketError.self) { try HTTPURL(parsing: "http://198.51.100.1:99999/", kind: .upnp) }
    }

    /// The IP connection wins over the PPP one; a relative controlURL resolves against LOCATION.
    @Test func descriptionYieldsTheWANIPConnectionControlURL() throws {
        let location = HTTPURL(host: "198.51.100.1", port: 5000, path: "/rootDesc.xml")
        let description = try IGDDescription(parsing: igdDescription, location: location)
        #expect(description.serviceType == "urn:schemas-upnp-org:service:WANIPConnection:1")
        #expect(description.controlURL == HTTPURL(host: "198.51.100.1", port: 5000, path: "/ctl/IPConn"))
        #expect(description.friendlyName == "Lab Router & Co")
    }

    @Test func descriptionFallsBackToPPPAndHonoursURLBaseAndPrefixes() throws {
        let xml = ascii("""
            <ns:root><ns:URLBase>http://198.51.100.1:8000</ns:URLBase><ns:SERVICE>
            <ns:serviceType>urn:schemas-upnp-org:service:WANPPPConnection:1</ns:serviceType>
            <ns:controlURL>/upnp/control/WANPPPConn1</ns:controlURL></ns:SERVICE></ns:root>
            """)
        let description = try IGDDescription(parsing: xml, location: HTTPURL(host: "198.51.100.9"))
        #expect(description.serviceType.hasSuffix("WANPPPConnection:1"))
        #expect(description.controlURL == HTTPURL(host: "198.51.100.1", port: 8000, path: "/upnp/control/WANPPPConn1"))
    }

    @Test func descriptionWithoutAWANServiceSaysSo() {
        let xml = ascii("<root><service><serviceType>urn:x:service:Other:1</serviceType><controlURL>/a</controlURL></service>")
        #expect(throws: PacketError.missing(.upnp, field: "a WANIPConnection or WANPPPConnection service (found 1 services)")) {
            try IGDDescription(parsing: xml, location: HTTPURL(host: "198.51.100.1"))
        }
    }

    @Test func soapRequest() throws {
        let request = UPnPExternalIPRequest(controlURL: HTTPURL(host: "198.51.100.1", port: 5000, path: "/ctl/IPConn"),
                                            serviceType: "urn:schemas-upnp-org:service:WANIPConnection:1")
        #expect(request.soapAction == "\"urn:schemas-upnp-org:service:WANIPConnection:1#GetExternalIPAddress\"")
        let text = String(decoding: request.encoded(), as: UTF8.self)
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
        #expect(parts.count == 2)
        let head = parts[0].split(separator: "\r\n").map(String.init)
        #expect(head.first == "POST /ctl/IPConn HTTP/1.1")
        #expect(head.contains("HOST: 198.51.100.1:5000"))
        #expect(head.contains("SOAPACTION: \(request.soapAction)"))
        #expect(head.contains("CONTENT-LENGTH: \(parts[1].utf8.count)"))
        #expect(parts[1].contains("<u:GetExternalIPAddress xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"></u:GetExternalIPAddress>"))
        #expect(parts[1].contains("<s:Body>"))
    }

    @Test func soapResponseGivesTheExternalAddress() throws {
        #expect(try UPnPExternalIPResponse(parsingBody: soapResponse).externalAddress == IPAddress("203.0.113.44"))
        let http = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: \(soapResponse.count)\r\n\r\n") + soapResponse
        #expect(try UPnPExternalIPResponse(parsingHTTP: http).externalAddress == IPAddress("203.0.113.44"))
        let empty = ascii("<s:Envelope><s:Body><u:R><NewExternalIPAddress></NewExternalIPAddress></u:R></s:Body></s:Envelope>")
        #expect(try UPnPExternalIPResponse(parsingBody: empty).externalAddress == nil)
    }

    @Test func soapFaultIsAnErrorWithTheUPnPCode() {
        let fault = ascii("""
            HTTP/1.1 500 Internal Server Error\r\n\r\n<s:Envelope><s:Body><s:Fault><faultcode>s:Client</faultcode>\
            <detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>401</errorCode>\
            <errorDescription>Invalid Action</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>
            """)
        #expect(throws: PacketError.invalidValue(.upnp, field: "SOAP reply", found: "UPnP error 401 (Invalid Action)", expected: "NewExternalIPAddress")) {
            try UPnPExternalIPResponse(parsingHTTP: fault)
        }
        #expect(throws: PacketError.self) {
            try UPnPExternalIPResponse(parsingBody: ascii("<NewExternalIPAddress>not-an-ip</NewExternalIPAddress>"))
        }
    }

    @Test func fuzzedSearchResponsesNeverTrap() {
        let outcome = Fuzzer.run(seed: 1900, valid: [ssdpResponse]) { _ = try SSDPSearchResponse(parsing: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
        // A prefix parses only once it holds a LOCATION with at least a one-letter host.
        let text = String(decoding: ssdpResponse, as: UTF8.self)
        let hostStart = text.utf8.count - text.split(separator: "Location: http://", maxSplits: 1)[1].utf8.count
        #expect(outcome.acceptedTruncations.allSatisfy { $0 > hostStart })
        #expect(outcome.acceptedTruncations.count < ssdpResponse.count - hostStart)
    }

    @Test func fuzzedDescriptionsNeverTrap() {
        let location = HTTPURL(host: "198.51.100.1")
        let outcome = Fuzzer.run(seed: 2, valid: [igdDescription], maximumLength: 2000) { _ = try IGDDescription(parsing: $0, location: location) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
        #expect(outcome.mutationsAccepted > 0)
    }

    @Test func fuzzedHTTPResponsesAndURLsNeverTrap() {
        let http = ascii("HTTP/1.1 200 OK\r\nContent-Length: \(soapResponse.count)\r\n\r\n") + soapResponse
        let outcome = Fuzzer.run(seed: 80, valid: [http]) { _ = try UPnPExternalIPResponse(parsingHTTP: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
        let url = ascii("http://[2001:db8::1]:49152/desc/root.xml?x=1")
        let urls = Fuzzer.run(seed: 81, valid: [url], maximumLength: 60) {
            let parsed = try HTTPURL(parsing: String(decoding: $0, as: UTF8.self), kind: .upnp)
            _ = try parsed.resolving(String(decoding: $0.reversed(), as: UTF8.self), kind: .upnp)
        }
        #expect(urls.foreignErrors.isEmpty)
        #expect(urls.mutationsAccepted > 0)
    }

    @Test func fuzzedSOAPResponsesNeverTrap() {
        let outcome = Fuzzer.run(seed: 3, valid: [soapResponse]) { _ = try UPnPExternalIPResponse(parsingBody: $0) }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(outcome.randomRejected == Fuzzer.randomBuffers)
    }
}
