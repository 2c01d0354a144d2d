import ProbePackets

/// Why the IGD query stopped short.
enum IGDQueryError: Error, CustomStringConvertible {
    case offGateway(HTTPURL)

    var description: String {
        switch self {
        case let .offGateway(url): "the IGD names \(url), which is not the gateway; the probe does not follow it"
        }
    }
}
