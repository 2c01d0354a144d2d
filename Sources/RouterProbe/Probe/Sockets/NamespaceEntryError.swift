import ProbePackets

/// Why a probe could not run: its namespace could not be entered, or no thread could be made.
public struct NamespaceEntryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot enter the network namespace \(path): \(reason)" }
}
