/// The IP transport an endpoint listens on.
public enum Transport: String, Sendable, Hashable, Codable {
    case udp
    case tcp
}
