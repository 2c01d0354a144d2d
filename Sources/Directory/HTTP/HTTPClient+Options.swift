extension HTTPClient {
    /// What may vary between clients. Certificate verification is not among
    /// it: it is always on.
    public struct Options: Sendable, Hashable {
        /// Without a version: the CLI adds its own (`vpnctl/<version>`).
        public static let defaultUserAgent = "vpnctl"

        /// A PEM bundle trusted instead of the system's CA certificates.
        public var caFile: String?
        /// Name lookup, TCP and the TLS handshake.
        public var connectTimeout: Duration
        /// The whole transfer, redirects included.
        public var totalTimeout: Duration
        /// The largest body accepted, after decompression.
        public var maxBodyBytes: Int
        public var userAgent: String
        /// A firewall mark (SO_MARK) that every connection of the transfer
        /// carries from its first packet (the SYN), so that a kill switch
        /// which lets out only marked packets lets these requests through;
        /// nil: no mark. Needs CAP_NET_ADMIN (or CAP_NET_RAW): without, the
        /// transfer fails with `HTTPError.socketMarkFailed` and sends
        /// nothing. Name resolution is not marked (the resolver's sockets
        /// are the C library's): give an address where that matters.
        public var socketMark: UInt32?

        public init(
            caFile: String? = nil,
            connectTimeout: Duration = .seconds(10),
            totalTimeout: Duration = .seconds(30),
            maxBodyBytes: Int = 32 << 20,
            userAgent: String = Options.defaultUserAgent,
            socketMark: UInt32? = nil
        ) {
            self.caFile = caFile
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxBodyBytes = maxBodyBytes
            self.userAgent = userAgent
            self.socketMark = socketMark
        }
    }
}
