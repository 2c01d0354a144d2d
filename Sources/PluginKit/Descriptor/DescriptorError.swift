/// Why a descriptor file was not accepted; the plugin is then skipped.
public struct DescriptorError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
