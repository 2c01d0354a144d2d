/// A complete answer: status, headers and the (decoded) body.
public struct HTTPResponse: Sendable, Hashable {
    /// The HTTP status; a `file://` read that succeeded reports 200.
    public let status: Int
    /// Header names in lower case. A header sent more than once has its
    /// values joined with ", ".
    public let headers: [String: String]
    public let body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Absent for `file://`.
    public var etag: String? { headers["etag"] }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
