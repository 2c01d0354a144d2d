import FoundationEssentials
import Glibc

/// Typed access to one TOML table, with errors that name the key.
struct TableReader {
    let table: TOMLTable
    let file: String
    let prefix: String
    let baseDirectory: String

    func name(_ key: String) -> String { prefix + key }

    func rejectUnknownKeys(allowed: [String]) throws(ConfigurationError) {
        for key in table.keys where !allowed.contains(key) {
            let suggestion = allowed.min { editDistance(key, $0) < editDistance(key, $1) }
            let close = suggestion.map { editDistance(key, $0) <= 3 } ?? false
            throw .unknownKey(path: file, key: name(key), suggestion: close ? suggestion.map(name) : nil)
        }
    }

    func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let text = try optionalString(key) else { throw .missingKey(path: file, key: name(key)) }
        return text
    }

    func optionalString(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw wrongType(key, "a string", value) }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalidValue(path: file, key: name(key), reason: "must not contain control characters or line breaks")
        }
        return text
    }

    func optionalBool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw wrongType(key, "true or false", value) }
        return flag
    }

    func optionalPath(_ key: String) throws(ConfigurationError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        return try resolve(text, key: key)
    }

    func optionalPathList(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = table[key] else { return nil }
        if let single = value.string { return [try resolve(single, key: key)] }
        guard let array = value.array else { throw wrongType(key, "a list of paths", value) }
        var paths: [String] = []
        for element in array {
            guard let text = element.string else { throw wrongType(key, "a list of paths", element) }
            paths.append(try resolve(text, key: key))
        }
        return paths
    }

    func optionalTable(_ key: String) throws(ConfigurationError) -> TableReader? {
        guard let value = table[key] else { return nil }
        guard let inner = value.table else { throw wrongType(key, "a table ([\(key)])", value) }
        return TableReader(table: inner, file: file, prefix: "\(prefix)\(key).", baseDirectory: baseDirectory)
    }

    private func resolve(_ text: String, key: String) throws(ConfigurationError) -> String {
        guard !text.isEmpty else { throw .invalidValue(path: file, key: name(key), reason: "must not be empty") }
        guard !text.contains("\0") else { throw .invalidValue(path: file, key: name(key), reason: "must not contain NUL") }
        let path = text.hasPrefix("/") ? text : "\(baseDirectory)/\(text)"
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private func wrongType(_ key: String, _ expected: String, _ value: TOMLValue) -> ConfigurationError {
        .wrongType(path: file, key: name(key), expected: expected, found: "a TOML \(value.kind)")
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1]
        for (j, y) in b.enumerated() {
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count]
}
