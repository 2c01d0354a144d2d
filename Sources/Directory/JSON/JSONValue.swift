/// A parsed JSON document. Objects keep their members in order, as parsed;
/// duplicate keys are rejected by the parser.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// What the value is, for error messages ("a string", "an array").
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object's members in document order. Objects in the formats we read
/// are small, so a linear lookup beats hashing every key.
public struct JSONObject: Sendable, Hashable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []

    public init() {}

    public subscript(key: String) -> JSONValue? {
        guard let index = keys.firstIndex(of: key) else { return nil }
        return values[index]
    }

    /// Adds a member; returns false (and adds nothing) when the key exists.
    mutating func append(_ key: String, _ value: JSONValue) -> Bool {
        // Comparing lengths first makes the common no-duplicate case cheap.
        let length = key.utf8.count
        if keys.contains(where: { $0.utf8.count == length && $0 == key }) { return false }
        keys.append(key)
        values.append(value)
        return true
    }
}
