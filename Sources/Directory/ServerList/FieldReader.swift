import Addressing
import VPNCore

/// Reads typed fields out of one JSON object, knowing its path in the
/// document so that every error names the entry and the field.
struct FieldReader {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, path: String) throws(ServerListParseError) {
        guard case let .object(object) = value else {
            throw .invalidField(path: path, problem: .wrongType(expected: "an object", found: value.kindDescription))
        }
        self.object = object
        self.path = path
    }

    init(object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func fail(_ key: String, _ problem: FieldProblem) -> ServerListParseError {
        .invalidField(path: fieldPath(key), problem: problem)
    }

    private func present(_ key: String) -> JSONValue? {
        switch object[key] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    func required(_ key: String) throws(ServerListParseError) -> JSONValue {
        guard let value = present(key) else { throw fail(key, .missing) }
        return value
    }

    // MARK: Strings

    func string(_ key: String, maxLength: Int = 100, allowLineBreaks: Bool = false) throws(ServerListParseError) -> String {
        try checkedString(required(key), key: key, maxLength: maxLength, allowLineBreaks: allowLineBreaks)
    }

    func optionalString(_ key: String, maxLength: Int = 100, allowLineBreaks: Bool = false) throws(ServerListParseError) -> String? {
        guard let value = present(key) else { return nil }
        return try checkedString(value, key: key, maxLength: maxLength, allowLineBreaks: allowLineBreaks)
    }

    func checkedString(_ value: JSONValue, key: String, maxLength: Int, allowLineBreaks: Bool) throws(ServerListParseError) -> String {
        guard case let .string(text) = value else {
            throw fail(key, .wrongType(expected: "a string", found: value.kindDescription))
        }
        let utf8 = text.utf8
        guard utf8.count <= maxLength || text.unicodeScalars.count <= maxLength else { throw fail(key, .tooLong(limit: maxLength)) }
        guard !Self.containsForbidden(utf8, allowLineBreaks: allowLineBreaks) else { throw fail(key, .controlCharacter) }
        return text
    }

    /// Anything that could end or alter a line of a generated configuration
    /// file: C0 and C1 controls, DEL, and the Unicode line separators. Checked
    /// on UTF-8 bytes, as this runs for every string of a large list.
    static func containsForbidden(_ utf8: String.UTF8View, allowLineBreaks: Bool) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in utf8 {
            switch byte {
            case 0x0A, 0x0D: if !allowLineBreaks { return true }
            case 0x00...0x1F, 0x7F: return true
            case 0x80...0x9F where previous == 0xC2: return true // U+0080...U+009F
            case 0xA8, 0xA9: if previous == 0x80, beforePrevious == 0xE2 { return true } // U+2028, U+2029
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    func stringArray(_ key: String, maxLength: Int = 100, maxCount: Int = 64) throws(ServerListParseError) -> [String] {
        guard let value = present(key) else { return [] }
        guard case let .array(elements) = value else {
            throw fail(key, .wrongType(expected: "an array of strings", found: value.kindDescription))
        }
        guard elements.count <= maxCount else { throw fail(key, .outOfRange(expected: "at most \(maxCount) entries", found: "\(elements.count)")) }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            strings.append(try checkedString(element, key: "\(key)[\(index)]", maxLength: maxLength, allowLineBreaks: false))
        }
        return strings
    }

    /// A string that must parse into a value type (`Hostname`, `IPv4Address`, ...).
    func parsed<T>(_ key: String, as expected: String, maxLength: Int = 253, _ make: (String) -> T?) throws(ServerListParseError) -> T {
        let text = try string(key, maxLength: maxLength)
        guard let value = make(text) else { throw fail(key, .invalid(expected: expected)) }
        return value
    }

    func optionalParsed<T>(_ key: String, as expected: String, maxLength: Int = 253, _ make: (String) -> T?) throws(ServerListParseError) -> T? {
        guard let text = try optionalString(key, maxLength: maxLength) else { return nil }
        guard let value = make(text) else { throw fail(key, .invalid(expected: expected)) }
        return value
    }

    // MARK: Numbers and booleans

    func integer(_ key: String, in range: ClosedRange<Int>) throws(ServerListParseError) -> Int {
        try checkedInteger(required(key), key: key, in: range)
    }

    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(ServerListParseError) -> Int? {
        guard let value = present(key) else { return nil }
        return try checkedInteger(value, key: key, in: range)
    }

    func checkedInteger(_ value: JSONValue, key: String, in range: ClosedRange<Int>) throws(ServerListParseError) -> Int {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard case let .number(number) = value else {
            throw fail(key, .wrongType(expected: expected, found: value.kindDescription))
        }
        guard number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw fail(key, .outOfRange(expected: expected, found: Self.render(number)))
        }
        return Int(number)
    }

    func integerArray(_ key: String, in range: ClosedRange<Int>, maxCount: Int = 16) throws(ServerListParseError) -> [Int] {
        guard let value = present(key) else { return [] }
        guard case let .array(elements) = value else {
            throw fail(key, .wrongType(expected: "an array of numbers", found: value.kindDescription))
        }
        guard elements.count <= maxCount else { throw fail(key, .outOfRange(expected: "at most \(maxCount) entries", found: "\(elements.count)")) }
        var integers: [Int] = []
        for (index, element) in elements.enumerated() {
            integers.append(try checkedInteger(element, key: "\(key)[\(index)]", in: range))
        }
        return integers
    }

    func optionalDouble(_ key: String, in range: ClosedRange<Double>) throws(ServerListParseError) -> Double? {
        guard let value = present(key) else { return nil }
        guard case let .number(number) = value else {
            throw fail(key, .wrongType(expected: "a number", found: value.kindDescription))
        }
        guard range.contains(number) else {
            throw fail(key, .outOfRange(expected: "a number from \(Self.render(range.lowerBound)) to \(Self.render(range.upperBound))", found: Self.render(number)))
        }
        return number
    }

    func bool(_ key: String) throws(ServerListParseError) -> Bool {
        let value = try required(key)
        guard case let .bool(flag) = value else {
            throw fail(key, .wrongType(expected: "true or false", found: value.kindDescription))
        }
        return flag
    }

    func optionalObject(_ key: String) throws(ServerListParseError) -> FieldReader? {
        guard let value = present(key) else { return nil }
        return try FieldReader(value, path: fieldPath(key))
    }

    func array(_ key: String) throws(ServerListParseError) -> [JSONValue] {
        let value = try required(key)
        guard case let .array(elements) = value else {
            throw fail(key, .wrongType(expected: "an array", found: value.kindDescription))
        }
        return elements
    }

    static func render(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
