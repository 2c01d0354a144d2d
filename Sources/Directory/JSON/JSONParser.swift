/// A strict RFC 8259 parser over bytes. Written for the server list: it must
/// be fast on a few megabytes, never crash on hostile input, and say where a
/// document is broken.
public enum JSONParser {
    public static let maximumDepth = 64

    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withContiguousStorageIfAvailable { buffer in
            Self.parseBuffer(buffer)
        } ?? Array(bytes).withUnsafeBufferPointer { Self.parseBuffer($0) }
        return try result.get()
    }

    private static func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var reader = Reader(bytes: buffer)
        do throws(JSONParseError) {
            reader.skipWhitespace()
            let value = try reader.value(depth: 0)
            reader.skipWhitespace()
            guard reader.position == buffer.count else { throw reader.error(.trailingData) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func error(_ problem: JSONParseError.Problem) -> JSONParseError {
        var line = 1, lineStart = 0
        for index in 0..<min(position, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONParseError(problem: problem, line: line, column: position - lineStart + 1)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    func peek(expecting expected: String) throws(JSONParseError) -> UInt8 {
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        return bytes[position]
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < JSONParser.maximumDepth else { throw error(.tooDeep(limit: JSONParser.maximumDepth)) }
        let byte = try peek(expecting: "a value")
        switch byte {
        case UInt8(ascii: "{"): return .object(try object(depth: depth))
        case UInt8(ascii: "["): return .array(try array(depth: depth))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error(.unexpectedByte(byte, expected: "a value"))
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error(.unexpectedEnd) }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
            position += offset
            throw error(.unexpectedByte(bytes[position], expected: "\(word)"))
        }
        position += count
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSONObject {
        position += 1
        var object = JSONObject()
        skipWhitespace()
        if try peek(expecting: "a key or '}'") == UInt8(ascii: "}") {
            position += 1
            return object
        }
        while true {
            skipWhitespace()
            let byte = try peek(expecting: "a key")
            guard byte == UInt8(ascii: "\"") else { throw error(.unexpectedByte(byte, expected: "a key in quotes")) }
            let keyStart = position
            let key = try string()
            skipWhitespace()
            let colon = try peek(expecting: "':'")
            guard colon == UInt8(ascii: ":") else { throw error(.unexpectedByte(colon, expected: "':'")) }
            position += 1
            skipWhitespace()
            let member = try value(depth: depth + 1)
            guard object.append(key, member) else {
                position = keyStart
                throw error(.duplicateKey(key))
            }
            skipWhitespace()
            let next = try peek(expecting: "',' or '}'")
            position += 1
            if next == UInt8(ascii: "}") { return object }
            guard next == UInt8(ascii: ",") else {
                position -= 1
                throw error(.unexpectedByte(next, expected: "',' or '}'"))
            }
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> [JSONValue] {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek(expecting: "a value or ']'") == UInt8(ascii: "]") {
            position += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            let next = try peek(expecting: "',' or ']'")
            position += 1
            if next == UInt8(ascii: "]") { return elements }
            guard next == UInt8(ascii: ",") else {
                position -= 1
                throw error(.unexpectedByte(next, expected: "',' or ']'"))
            }
        }
    }

    mutating func number() throws(JSONParseError) -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            guard try digits() > 0 else { throw error(.invalidNumber) }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard try digits() > 0 else { throw error(.invalidNumber) }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard try digits() > 0 else { throw error(.invalidNumber) }
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        // Small integers are the common case (loads, ports); skip the float parser.
        if position - start <= 15, let integer = Self.integer(text) {
            return Double(integer)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            position = start
            throw error(.invalidNumber)
        }
        return value
    }

    private static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        var negative = false
        var value = 0
        for (index, byte) in text.enumerated() {
            if index == 0, byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return negative ? -value : value
    }

    mutating func digits() throws(JSONParseError) -> Int {
        let start = position
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
        return position - start
    }

    mutating func string() throws(JSONParseError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes, the bytes are the string; plain ASCII needs
        // no UTF-8 validation.
        var union: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            union |= byte
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                let text: String
                if union < 0x80 {
                    text = String(decoding: raw, as: UTF8.self)
                } else {
                    guard let validated = String(validating: raw, as: UTF8.self) else { throw error(.invalidUTF8) }
                    text = validated
                }
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            position += 1
        }
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: decoded, as: UTF8.self) else { throw error(.invalidUTF8) }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                try escape(into: &decoded)
            case ..<0x20:
                throw error(.controlCharacterInString)
            default:
                decoded.append(byte)
                position += 1
            }
        }
        throw error(.unexpectedEnd)
    }

    mutating func escape(into decoded: inout [UInt8]) throws(JSONParseError) {
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): decoded.append(0x22)
        case UInt8(ascii: "\\"): decoded.append(0x5C)
        case UInt8(ascii: "/"): decoded.append(0x2F)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800...0xDBFF).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                else { throw error(.invalidEscape) }
                position += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw error(.invalidEscape) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error(.invalidEscape) }
            decoded.append(contentsOf: UTF8.encode(unicode)!)
        default:
            position -= 1
            throw error(.invalidEscape)
        }
    }

    mutating func hexQuad() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error(.unexpectedEnd) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x37
            case 0x61...0x66: digit = byte - 0x57
            default: throw error(.invalidEscape)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
