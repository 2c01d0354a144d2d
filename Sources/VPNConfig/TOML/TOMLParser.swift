/// Reads TOML 1.0 into `TOMLTable`: comments, bare, quoted and dotted keys,
/// `[table]` headers, the four kinds of string, integers, booleans, arrays
/// and inline tables; floats and dates by kind only (no setting takes one).
/// Arrays of tables (`[[name]]`) are refused by name: the configuration has
/// none. Every error carries the line and column it was found at.
///
/// Written for `config.toml` rather than taken from a library so that the
/// CLI, which reads this file to find the daemon, links no Foundation and no
/// C++ and starts in the time the kernel takes to map it.
struct TOMLParser {
    struct Failure: Error, Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    private let bytes: [UInt8]
    private var position = 0
    private var root = TOMLTable()
    /// The table the key/value lines below the last header go into.
    private var current: [String] = []
    /// Tables a header has defined: a second header for one is an error.
    private var headed: Set<[String]> = []
    /// Inline tables and arrays: complete as written, never extended.
    private var sealed: Set<[String]> = []
    /// Where the header or key/value line being read starts: a name defined
    /// twice is reported there.
    private var statementStart = 0

    static func parse(_ text: String) throws(Failure) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        try parser.document()
        return parser.root
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Lines

    private mutating func document() throws(Failure) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while !atEnd {
            skipBlanks()
            statementStart = position
            switch peek() {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), nil:
                break
            case UInt8(ascii: "["):
                try header()
            default:
                let (key, value) = try keyValue()
                try insert(value, at: current + key)
            }
            try endOfLine()
        }
    }

    private mutating func header() throws(Failure) {
        position += 1
        if peek() == UInt8(ascii: "[") {
            throw failure("arrays of tables ([[...]]) are not used in this file")
        }
        skipBlanks()
        let path = try key()
        skipBlanks()
        try expect("]", "a table header ends with ]")
        guard !headed.contains(path) else { throw failure("the table [\(dotted(path))] is defined twice", at: statementStart) }
        try ensureTable(at: path)
        headed.insert(path)
        current = path
    }

    private mutating func keyValue() throws(Failure) -> ([String], TOMLValue) {
        let key = try key()
        skipBlanks()
        try expect("=", "expected = after the key \(dotted(key))")
        skipBlanks()
        return (key, try value())
    }

    /// After a header or value: blanks, a comment, then a line break or the end.
    private mutating func endOfLine() throws(Failure) {
        skipBlanks()
        if peek() == UInt8(ascii: "#") { try comment() }
        guard !atEnd else { return }
        if peek() == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { position += 1 }
        guard peek() == UInt8(ascii: "\n") else { throw failure("expected the end of the line") }
        position += 1
    }

    private mutating func comment() throws(Failure) {
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { return }
            if isControl(byte) { throw failure("control character in a comment") }
            position += 1
        }
    }

    // MARK: Keys

    private mutating func key() throws(Failure) -> [String] {
        var parts = [try simpleKey()]
        while true {
            let mark = position
            skipBlanks()
            guard peek() == UInt8(ascii: ".") else {
                position = mark
                return parts
            }
            position += 1
            skipBlanks()
            parts.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws(Failure) -> String {
        switch peek() {
        case UInt8(ascii: "\""):
            return try basicString()
        case UInt8(ascii: "'"):
            return try literalString()
        default:
            let start = position
            while let byte = peek(), isBareKey(byte) { position += 1 }
            guard position > start else { throw failure("expected a key (letters, digits, _ and -, or a quoted name)") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
    }

    // MARK: Values

    private mutating func value() throws(Failure) -> TOMLValue {
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(lookingAt("\"\"\"") ? try multiLineBasicString() : try basicString())
        case UInt8(ascii: "'"):
            return .string(lookingAt("'''") ? try multiLineLiteralString() : try literalString())
        case UInt8(ascii: "["):
            return try array()
        case UInt8(ascii: "{"):
            return try inlineTable()
        case nil, UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
            throw failure("expected a value after =")
        default:
            return try scalar()
        }
    }

    private mutating func array() throws(Failure) -> TOMLValue {
        position += 1
        var values: [TOMLValue] = []
        while true {
            try skipBlanksAndLines()
            if peek() == UInt8(ascii: "]") { break }
            values.append(try value())
            try skipBlanksAndLines()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect("]", "expected , or ] in an array")
            return .array(values)
        }
        position += 1
        return .array(values)
    }

    private mutating func inlineTable() throws(Failure) -> TOMLValue {
        position += 1
        var table = TOMLTable()
        skipBlanks()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .table(table)
        }
        while true {
            skipBlanks()
            let start = position
            let (key, value) = try keyValue()
            do throws(Conflict) {
                try Self.put(value, at: key[...], in: &table)
            } catch {
                throw failure(error.message, at: start)
            }
            skipBlanks()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect("}", "expected , or } in an inline table (which stays on one line)")
            return .table(table)
        }
    }

    /// Booleans, integers, and the floats and dates kept by kind.
    private mutating func scalar() throws(Failure) -> TOMLValue {
        let start = position
        while let byte = peek(), isScalar(byte) { position += 1 }
        // A date and a time may be parted by one space.
        if peek() == UInt8(ascii: " "), let next = peek(1), isDigit(next), bytes[start..<position].contains(UInt8(ascii: "-")) {
            position += 1
            while let byte = peek(), isScalar(byte) { position += 1 }
        }
        let token = String(decoding: bytes[start..<position], as: UTF8.self)
        switch token {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let integer = Self.integer(token) { return .integer(integer) }
        if Self.isFloat(token) { return .unused(kind: "float") }
        if Self.isDateOrTime(token) { return .unused(kind: token.contains(":") && token.contains("-") ? "date-time" : token.contains(":") ? "time" : "date") }
        position = start
        let shown = token.isEmpty ? String(decoding: bytes[start..<min(start + 1, bytes.count)], as: UTF8.self) : token
        throw failure(Self.looksLikeANumber(token)
            ? "\(shown) is not a valid number (an integer out of range, or a misplaced _)"
            : "expected a value (a string in quotes, true, false, a number, an array or an inline table), found \(shown)")
    }

    // MARK: Strings

    private mutating func basicString() throws(Failure) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw failure("a string is not closed with \"") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(try escape())
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw failure("a string is not closed with \" on its line (use \"\"\" for one over several lines)")
            default:
                scalars.append(contentsOf: try plainCharacter().unicodeScalars)
            }
        }
    }

    private mutating func multiLineBasicString() throws(Failure) -> String {
        position += 3
        skipOneLineBreak()
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek() else { throw failure("a string is not closed with \"\"\"") }
            if lookingAt("\"\"\"") {
                // Up to two quotes may end the content right before the closing three.
                var extra = 0
                while extra < 2, peek(3 + extra) == UInt8(ascii: "\"") { extra += 1 }
                scalars.append(contentsOf: String(repeating: "\"", count: extra).unicodeScalars)
                position += 3 + extra
                return String(scalars)
            }
            switch byte {
            case UInt8(ascii: "\\"):
                if let next = peek(1), next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") {
                    // A line-ending backslash trims the break and the blanks after it.
                    let mark = position
                    position += 1
                    skipBlanks()
                    guard peek() == UInt8(ascii: "\n") || lookingAt("\r\n") else {
                        position = mark
                        throw failure("a backslash before blanks must end its line")
                    }
                    try skipWhitespaceAndLines()
                } else {
                    scalars.append(try escape())
                }
            case UInt8(ascii: "\n"):
                scalars.append("\n")
                position += 1
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"):
                scalars.append("\n")
                position += 2
            default:
                scalars.append(contentsOf: try plainCharacter().unicodeScalars)
            }
        }
    }

    private mutating func literalString() throws(Failure) -> String {
        position += 1
        let start = position
        while let byte = peek(), byte != UInt8(ascii: "'") {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                throw failure("a string is not closed with ' on its line (use ''' for one over several lines)")
            }
            if isControl(byte), byte != UInt8(ascii: "\t") { throw failure("control character in a string") }
            position += 1
        }
        guard !atEnd else { throw failure("a string is not closed with '") }
        position += 1
        return try text(start..<position - 1)
    }

    private mutating func multiLineLiteralString() throws(Failure) -> String {
        position += 3
        skipOneLineBreak()
        let start = position
        while !lookingAt("'''") {
            guard let byte = peek() else { throw failure("a string is not closed with '''") }
            if isControl(byte), byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\n"), !(byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
                throw failure("control character in a string")
            }
            position += 1
        }
        var extra = 0
        while extra < 2, peek(3 + extra) == UInt8(ascii: "'") { extra += 1 }
        let end = position + extra
        position = end + 3
        return try text(start..<end).replacing("\r\n", with: "\n")
    }

    private mutating func escape() throws(Failure) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let letter = peek() else { throw failure("a string is not closed with \"") }
        position += 1
        switch letter {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = letter == UInt8(ascii: "u") ? 4 : 8
            guard position + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[position..<position + count], as: UTF8.self), radix: 16),
                  bytes[position..<position + count].allSatisfy(isHexDigit),
                  let scalar = Unicode.Scalar(code)
            else {
                position = start
                throw failure("\\\(Character(Unicode.Scalar(letter))) needs \(count) hex digits naming a Unicode scalar value")
            }
            position += count
            return scalar
        default:
            position = start
            throw failure("unknown escape \\\(Character(Unicode.Scalar(letter))) (TOML knows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
        }
    }

    /// One character of a basic string that needs no escape, whole (UTF-8 checked by String).
    private mutating func plainCharacter() throws(Failure) -> Substring {
        let byte = bytes[position]
        if isControl(byte), byte != UInt8(ascii: "\t") { throw failure("control character in a string (write it as an escape)") }
        let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        let end = min(position + length, bytes.count)
        let piece = try text(position..<end)
        position = end
        return Substring(piece)
    }

    private func text(_ range: Range<Int>) throws(Failure) -> String {
        guard let text = String(validating: bytes[range], as: UTF8.self) else { throw failure("not UTF-8 text") }
        return text
    }

    // MARK: Building the tables

    /// Two definitions of one name, found while building the tables.
    private struct Conflict: Error {
        let message: String
    }

    /// Puts `value` at `path` (the current table's path plus a possibly dotted key).
    private mutating func insert(_ value: TOMLValue, at path: [String]) throws(Failure) {
        for end in path.indices.dropLast() {
            let prefix = Array(path[...end])
            if sealed.contains(prefix) { throw failure("\(dotted(prefix)) is complete as written and cannot be added to", at: statementStart) }
        }
        do throws(Conflict) {
            try Self.put(value, at: path[...], in: &root)
        } catch {
            throw failure(error.message, at: statementStart)
        }
        switch value {
        case .table, .array: sealed.insert(path)
        default: break
        }
    }

    private mutating func ensureTable(at path: [String]) throws(Failure) {
        for end in path.indices {
            let prefix = Array(path[...end])
            if sealed.contains(prefix) { throw failure("\(dotted(prefix)) is complete as written and cannot be added to", at: statementStart) }
        }
        do throws(Conflict) {
            try Self.put(nil, at: path[...], in: &root)
        } catch {
            throw failure(error.message, at: statementStart)
        }
    }

    /// Walks `path` from `table`, making the tables missing on the way, and
    /// puts `value` at its end; with no value, makes the end a table.
    private static func put(_ value: TOMLValue?, at path: ArraySlice<String>, in table: inout TOMLTable) throws(Conflict) {
        let key = path.first!
        if path.count == 1, let value {
            guard table[key] == nil else { throw Conflict(message: "the key \(key) is given twice") }
            table[key] = value
            return
        }
        var inner: TOMLTable
        switch table[key] {
        case nil: inner = TOMLTable()
        case let .table(existing)?: inner = existing
        case let other?: throw Conflict(message: "\(key) is already \(other.kind == "integer" ? "an" : "a") \(other.kind), not a table")
        }
        if path.count > 1 { try put(value, at: path.dropFirst(), in: &inner) }
        table[key] = .table(inner)
    }

    // MARK: Numbers and dates

    static func integer(_ token: String) -> Int64? {
        var text = Substring(token)
        var negative = false
        if let sign = text.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            text = text.dropFirst()
        }
        var radix = 10
        if text.count > 2, text.hasPrefix("0"), let marker = text.dropFirst().first, "xob".contains(marker), token.first != "+", token.first != "-" {
            radix = marker == "x" ? 16 : marker == "o" ? 8 : 2
            text = text.dropFirst(2)
        } else if text.count > 1, text.hasPrefix("0") {
            return nil  // no leading zeros in decimal
        }
        // Underscores only between digits.
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else { return nil }
        let digits = text.filter { $0 != "_" }
        guard digits.allSatisfy({ $0.isHexDigit }), let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    static func isFloat(_ token: String) -> Bool {
        var text = Substring(token)
        if let sign = text.first, sign == "+" || sign == "-" { text = text.dropFirst() }
        if text == "inf" || text == "nan" { return true }
        guard text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let first = text.first, first.isNumber,
              !text.hasPrefix("0") || text.count == 1 || text.dropFirst().first == "." || text.dropFirst().first == "e" || text.dropFirst().first == "E",
              !text.contains("__"), !text.contains("._"), !text.contains("_."), text.last != "_", text.last != "."
        else { return false }
        return Double(text.filter { $0 != "_" }) != nil
    }

    static func isDateOrTime(_ token: String) -> Bool {
        guard let first = token.first, first.isNumber, token.contains("-") || token.contains(":") else { return false }
        return token.allSatisfy { $0.isNumber || "-:.TtZz+ ".contains($0) }
    }

    static func looksLikeANumber(_ token: String) -> Bool {
        guard let first = token.first else { return false }
        return first.isNumber || ((first == "+" || first == "-") && token.count > 1)
    }

    // MARK: Bytes

    private var atEnd: Bool { position >= bytes.count }

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func lookingAt(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return text.withUTF8Buffer { bytes[position..<position + count].elementsEqual($0) }
    }

    private mutating func expect(_ character: Unicode.Scalar, _ message: String) throws(Failure) {
        guard peek() == UInt8(character.value) else { throw failure(message) }
        position += 1
    }

    private mutating func skipBlanks() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    private mutating func skipOneLineBreak() {
        if peek() == UInt8(ascii: "\n") { position += 1 } else if lookingAt("\r\n") { position += 2 }
    }

    private mutating func skipWhitespaceAndLines() throws(Failure) {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                position += 1
            } else if lookingAt("\r\n") {
                position += 2
            } else {
                return
            }
        }
    }

    /// Inside arrays: blanks, line breaks and comments.
    private mutating func skipBlanksAndLines() throws(Failure) {
        while true {
            try skipWhitespaceAndLines()
            guard peek() == UInt8(ascii: "#") else { return }
            try comment()
        }
    }

    private func isControl(_ byte: UInt8) -> Bool { byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    private func isBareKey(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private func isScalar(_ byte: UInt8) -> Bool {
        isBareKey(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    private func dotted(_ path: [String]) -> String { path.joined(separator: ".") }

    /// The failure at the current position, or at `offset`, with its line
    /// and column (both from 1).
    private func failure(_ message: String, at offset: Int? = nil) -> Failure {
        let end = min(offset ?? position, bytes.count)
        let upTo = bytes[..<end]
        let line = upTo.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = upTo.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return Failure(line: line, column: column, message: message)
    }
}
