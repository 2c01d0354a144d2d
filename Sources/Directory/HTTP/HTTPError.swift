import Foundation

/// Why a request failed, with enough context for a sentence the user can act
/// on. URLs are shown without user information, and the bearer token never
/// appears.
public enum HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum TLSProblem: Sendable, Hashable {
        /// The chain does not lead to a trusted CA (or is expired, revoked…).
        case untrustedCertificate
        /// A trusted certificate, but for another name.
        case hostnameMismatch
        case handshake
    }

    public enum TimeoutPhase: Sendable, Hashable {
        /// Name lookup, TCP and the TLS handshake.
        case connect
        /// The whole transfer.
        case total
    }

    /// Not `https://` (or `file://` for reading), or not a URL at all.
    case unsupportedURL(String)
    /// A header value holds a control character; nothing was sent.
    case invalidHeader(name: String)
    case dnsFailure(host: String)
    case cannotConnect(host: String, port: Int, reason: String)
    case tlsFailure(host: String, problem: TLSProblem, detail: String)
    /// The CA bundle (`ca_file`, or the system's when nil) cannot be loaded.
    case caFileUnusable(path: String?, detail: String)
    case timeout(url: String, phase: TimeoutPhase, seconds: Double)
    case bodyTooLarge(url: String, limit: Int)
    /// A status other than 2xx or 304, from `HTTPClient.fetch`. The snippet is
    /// the start of a textual body, flattened to one line.
    case status(Int, url: String, snippet: String?)
    case fileNotFound(path: String)
    /// More than 5 redirects, or a redirect to anything but `https://`.
    case redirectRefused(url: String, detail: String)
    /// A connection could not be given the firewall mark asked for
    /// (`Options.socketMark`, SO_MARK), so the transfer stopped before it
    /// sent anything. EPERM: the process lacks CAP_NET_ADMIN.
    case socketMarkFailed(url: String, mark: UInt32, errno: Int32)
    /// Any other libcurl failure: its code and message.
    case transport(url: String, code: Int, message: String)

    public var description: String {
        switch self {
        case let .unsupportedURL(url):
            "Cannot fetch “\(url)”: only https:// URLs (and file:// URLs, for reading) are supported. Check api_url in the configuration."
        case let .invalidHeader(name):
            "The request was not sent: its \(name) header would contain a line break or another control character."
        case let .dnsFailure(host):
            "Cannot resolve the host name \(host). Check the name in api_url and that this machine's DNS works."
        case let .cannotConnect(host, port, reason):
            "Cannot connect to \(host) port \(port): \(reason). Check api_url, that the provider is up, and that the network or proxy lets HTTPS through."
        case let .tlsFailure(host, .untrustedCertificate, detail):
            "The certificate of \(host) is not trusted (\(detail)). If the provider uses its own certificate authority, set ca_file to its PEM bundle; otherwise something may be intercepting the connection."
        case let .tlsFailure(host, .hostnameMismatch, detail):
            "The certificate presented by \(host) is not valid for that name (\(detail)). Check the host name in api_url."
        case let .tlsFailure(host, .handshake, detail):
            "The TLS handshake with \(host) failed (\(detail)). A proxy or firewall may be interfering, or the server does not offer TLS 1.2 or later."
        case let .caFileUnusable(path?, detail):
            "Cannot use the CA bundle \(path) (\(detail)). Check ca_file: it must be a readable PEM file of certificates."
        case let .caFileUnusable(nil, detail):
            "Cannot use the system's CA bundle (\(detail)). Install the ca-certificates package, or set ca_file."
        case let .timeout(url, .connect, seconds):
            "No connection for \(url) within \(Self.format(seconds: seconds)) (connect timeout). Check the network connection, a firewall or the proxy settings."
        case let .timeout(url, .total, seconds):
            "\(url) did not finish within \(Self.format(seconds: seconds)); the provider or the network is too slow. Try again later."
        case let .bodyTooLarge(url, limit):
            "The answer from \(url) is larger than \(Self.format(bytes: limit)), far more than expected, so the transfer was stopped."
        case let .status(code, url, snippet):
            "The server answered HTTP \(code)\(Self.reasons[code].map { " (\($0))" } ?? "") for \(url)"
                + (snippet.map { ": “\($0)”" } ?? "") + "." + Self.advice(status: code)
        case let .fileNotFound(path):
            "The file \(path) does not exist or cannot be read. Check the file:// URL in api_url."
        case let .redirectRefused(url, detail):
            "\(url) redirects somewhere vpnctl will not follow (\(detail)): at most 5 redirects, to https:// URLs only."
        case let .socketMarkFailed(url, mark, code) where code == EPERM || code == EACCES:
            "Cannot mark the connection for \(url) with firewall mark \(Self.hex(mark)) (SO_MARK): that needs root or CAP_NET_ADMIN, which this process lacks. Run it as the daemon runs (as root); nothing was sent."
        case let .socketMarkFailed(url, mark, code):
            "Cannot mark the connection for \(url) with firewall mark \(Self.hex(mark)) (SO_MARK): \(String(cString: strerror(code))). Nothing was sent."
        case let .transport(url, code, message):
            "The transfer from \(url) failed: \(message) (curl error \(code))."
        }
    }

    /// The start of a textual error body, on one line, with `secret` cut out
    /// wherever the server repeated it. Nil for binary or empty bodies.
    static func snippet(of response: HTTPResponse, hiding secret: String?) -> String? {
        let type = response.headers["content-type"]?.lowercased() ?? ""
        guard type.isEmpty || type.hasPrefix("text/") || type.contains("json") || type.contains("xml") else { return nil }
        let limit = 160
        let window = limit * 4 + (secret?.utf8.count ?? 0)
        var text = String(decoding: response.body.prefix(window), as: UTF8.self)
        while text.last == "\u{FFFD}" { text.removeLast() } // a character cut in half
        guard !text.contains("\u{FFFD}"), !text.contains("\0") else { return nil }
        if let secret, !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
            // The window may end inside a repetition of the secret (spaces
            // collapse below, so that part could be shown): cut it too.
            if response.body.count > window,
               let partial = (1..<secret.count).reversed().first(where: { text.hasSuffix(secret.prefix($0)) }) {
                text.removeLast(partial)
                text += "<redacted>"
            }
        }
        // Control and format characters (line breaks, bidi overrides) could
        // forge or disguise terminal output.
        let flattened = String(String.UnicodeScalarView(text.unicodeScalars.map {
            [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) ? " " : $0
        }))
        let words = flattened.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !words.isEmpty else { return nil }
        return words.count > limit ? words.prefix(limit) + "…" : words
    }

    private static func advice(status: Int) -> String {
        switch status {
        case 401: " The account token was refused; check account_token_file."
        case 403: " The provider refuses this request for this account."
        case 404, 410: " Check api_url in the configuration."
        case 408, 429, 500...599: " The provider has a problem or is busy; try again later."
        default: ""
        }
    }

    private static let reasons: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 410: "Gone", 429: "Too Many Requests",
        500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
    ]

    /// 0xca6c: how nft and `ip rule` show a mark.
    private static func hex(_ mark: UInt32) -> String { "0x" + String(mark, radix: 16) }

    private static func format(seconds: Double) -> String {
        String(format: "%g s", seconds)
    }

    private static func format(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB"
            : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}
