/// An answer and what the user should know about how it came (a stale
/// cache, an account that could not be looked up): the CLI prints the
/// warnings on stderr, the value on stdout.
public struct Warned<Value: Codable & Sendable>: Codable, Sendable {
    public var value: Value
    public var warnings: [String]

    public init(_ value: Value, warnings: [String] = []) {
        self.value = value
        self.warnings = warnings
    }
}

extension Warned: Equatable where Value: Equatable {}
