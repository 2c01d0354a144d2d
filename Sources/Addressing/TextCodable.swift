/// A value written as text in JSON: decoding parses the text, so an invalid
/// address cannot be decoded into existence.
public protocol TextCodable: Codable, CustomStringConvertible {
    init?(_ text: String)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a valid \(Self.self): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
