/// What can happen to a running openvpn, in the order it happened: a line
/// on the management channel, the channel's end, openvpn's end, or a
/// deadline passing (the connect's, or the silence of a hung openvpn).
enum TunnelEvent: Sendable {
    case message(ManagementMessage)
    case managementClosed
    case exited(String)
    case timedOut
    case silent
}
