/// A value of a TOML document, as far as `config.toml` needs them.
///
/// Floats, dates and times are valid TOML that no setting takes: they are
/// kept only by kind, so a setting given one is refused by what it is ("must
/// be a string, not a TOML float") rather than as a syntax error.
enum TOMLValue: Equatable {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case array([TOMLValue])
    case table(TOMLTable)
    /// A float, date, time or date-time, by kind.
    case unused(kind: String)

    /// What it is, in TOML's words, for error messages.
    var kind: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .bool: "boolean"
        case .array: "array"
        case .table: "table"
        case let .unused(kind): kind
        }
    }

    var string: String? { if case let .string(text) = self { text } else { nil } }
    var bool: Bool? { if case let .bool(flag) = self { flag } else { nil } }
    var array: [TOMLValue]? { if case let .array(values) = self { values } else { nil } }
    var table: TOMLTable? { if case let .table(table) = self { table } else { nil } }
}

/// A table: keys in the order the file gave them, each once.
struct TOMLTable: Equatable {
    private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    subscript(key: String) -> TOMLValue? {
        get { values[key] }
        set {
            if values[key] == nil { keys.append(key) }
            values[key] = newValue
        }
    }
}
