import Foundation

/// A URL the client agrees to fetch: `https://`, or `file://` for reading.
/// Checked before curl sees it, so that the error names the real problem
/// rather than whatever curl makes of it.
struct HTTPTarget: Sendable {
    enum Scheme: String, Sendable {
        case https, file
    }

    let url: String
    let scheme: Scheme
    /// Empty for `file://`.
    let host: String
    let port: Int
    /// Percent-decoded; what a `file://` URL names on disk.
    let path: String

    init(_ url: String, method: HTTPRequest.Method) throws(HTTPError) {
        let display = Self.redacting(url)
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }),
              let components = URLComponents(string: url),
              let scheme = components.scheme.flatMap({ Scheme(rawValue: $0.lowercased()) })
        else { throw .unsupportedURL(display) }
        self.url = url
        self.scheme = scheme
        host = components.host ?? ""
        path = components.path
        switch scheme {
        case .https:
            guard !host.isEmpty else { throw .unsupportedURL(display) }
            port = components.port ?? 443
        case .file:
            // curl refuses remote file hosts, and there is nothing to post to a file.
            guard host.isEmpty || host.lowercased() == "localhost", !path.isEmpty, method == .get else {
                throw .unsupportedURL(display)
            }
            port = 0
        }
    }

    /// `url` without user information (`https://user:secret@host/`), for
    /// messages.
    static func redacting(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityEnd = url[schemeEnd.upperBound...].firstIndex(where: { "/?#".contains($0) }) ?? url.endIndex
        guard let at = url[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(url[url.index(after: at)...])
    }
}
