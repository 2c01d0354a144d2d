/// The `error` member of a JSON-RPC response.
public struct RPCErrorObject: Error, Sendable, Hashable, Codable {
    public var code: Int
    public var message: String
    public var data: RPCValue?

    public init(code: Int, message: String, data: RPCValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    /// The plugin could not do what was asked (contract-defined).
    public static let operationFailed = 1
}
