/// A Binding Error Response: the server understood the request and refused it (RFC 8489 §14.8).
public struct STUNErrorResponse: Sendable, Hashable, CustomStringConvertible {
    public var transactionID: STUNTransactionID
    /// Class × 100 + number, e.g. 400 (Bad Request), 420 (Unknown Attribute).
    public var code: Int
    public var reason: String

    public var description: String { "STUN error \(code) \(reason)" }

    init(_ message: STUNMessage) throws(PacketError) {
        guard let value = message.attribute(.errorCode) else { throw .missing(.stun, field: "ERROR-CODE") }
        var reader = PacketReader(value, kind: .stun)
        try reader.skip(2, "ERROR-CODE reserved bits")
        let errorClass = Int(try reader.u8("ERROR-CODE class") & 0x07)
        let number = Int(try reader.u8("ERROR-CODE number"))
        guard (3...6).contains(errorClass), number < 100 else {
            throw .invalidValue(.stun, field: "ERROR-CODE", found: "class \(errorClass) number \(number)", expected: "a code from 300 to 699")
        }
        transactionID = message.transactionID
        code = errorClass * 100 + number
        reason = String(decoding: reader.rest(), as: UTF8.self)
    }
}
