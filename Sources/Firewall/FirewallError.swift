/// Why the firewall could not be set as asked. Whatever the cause, the
/// kernel kept the table it had: nftables applies a transaction whole or
/// not at all.
public enum FirewallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libnftables.so.1 is not installed or lacks a function.
    case libraryMissing
    case rejected(command: String, message: String)
    /// The table read back is not the one just applied.
    case readBack(String)

    public var description: String {
        switch self {
        case .libraryMissing:
            "The firewall cannot be set: libnftables.so.1 is missing (install Debian's libnftables1, which nftables depends on)."
        case let .rejected(command, message):
            "nftables refused to \(command): \(message.isEmpty ? "no reason given" : message)"
        case let .readBack(detail):
            "The firewall table read back is not the one applied: \(detail)"
        }
    }
}
