/// One request to the provider. The bearer token is a secret: it is sent in
/// the `Authorization` header and appears nowhere else, not in `description`,
/// not in `dump`, not in any error.
public struct HTTPRequest: Sendable {
    public enum Method: Sendable, Hashable {
        case get
        case post(body: [UInt8], contentType: String)
        case delete

        var name: String {
            switch self {
            case .get: "GET"
            case .post: "POST"
            case .delete: "DELETE"
            }
        }
    }

    public var method: Method
    public var url: String
    /// The ETag of the copy already held; the server may answer 304.
    public var ifNoneMatch: String?
    public var bearerToken: String?

    public init(_ method: Method = .get, url: String, ifNoneMatch: String? = nil, bearerToken: String? = nil) {
        self.method = method
        self.url = url
        self.ifNoneMatch = ifNoneMatch
        self.bearerToken = bearerToken
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var text = "\(method.name) \(HTTPTarget.redacting(url))"
        if bearerToken != nil { text += " (with account token)" }
        return text
    }

    public var debugDescription: String { "HTTPRequest(\(description))" }

    public var customMirror: Mirror {
        Mirror(self, children: ["method": method.name, "url": HTTPTarget.redacting(url),
                                "ifNoneMatch": ifNoneMatch as Any, "bearerToken": bearerToken == nil ? "nil" : "<redacted>"])
    }
}
