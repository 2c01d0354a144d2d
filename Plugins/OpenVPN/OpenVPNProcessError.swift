/// openvpn could not be started at all.
enum OpenVPNProcessError: Error, Sendable, CustomStringConvertible {
    case cannotStart(reason: String)

    var description: String {
        switch self {
        case let .cannotStart(reason): "cannot start \(OpenVPNProcess.executable): \(reason); is the openvpn package installed?"
        }
    }
}
