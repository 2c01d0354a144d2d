/// One protocol to try, in order, and the sentence that says why it is tried.
public struct ConnectionAttempt: Sendable, Hashable {
    public var protocolName: ProtocolName
    public var reason: String

    public init(protocolName: ProtocolName, reason: String) {
        self.protocolName = protocolName
        self.reason = reason
    }
}

/// A protocol the plan leaves out, and what would bring it back: for a
/// router that blocks it, the setting to change.
public struct SkippedProtocol: Sendable, Hashable {
    public var protocolName: ProtocolName
    public var reason: String
    /// The router's verdicts that ruled it out (empty when it was not the router).
    public var blockedBy: [PassthroughKey]

    public init(protocolName: ProtocolName, reason: String, blockedBy: [PassthroughKey] = []) {
        self.protocolName = protocolName
        self.reason = reason
        self.blockedBy = blockedBy
    }
}

/// What `vpnctl connect` with protocol `auto` will try, in order, and
/// what it will not try and why.
public struct AttemptPlan: Sendable, Hashable {
    public var attempts: [ConnectionAttempt]
    public var skipped: [SkippedProtocol]

    public init(attempts: [ConnectionAttempt], skipped: [SkippedProtocol]) {
        self.attempts = attempts
        self.skipped = skipped
    }
}
