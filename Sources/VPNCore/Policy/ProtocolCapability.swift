/// A protocol an installed plugin speaks, as its descriptor and its
/// `initialize` answer describe it: what it needs the router to pass, and
/// whether it can run on this machine.
public struct ProtocolCapability: Sendable, Hashable {
    public var name: ProtocolName
    /// Every one of these must pass for the protocol to work.
    public var needs: Set<PassthroughKey>
    /// Why the plugin cannot run here ("cannot open /dev/ppp"), or nil when it can.
    public var unusableBecause: String?

    public init(name: ProtocolName, needs: Set<PassthroughKey>, unusableBecause: String? = nil) {
        self.name = name
        self.needs = needs
        self.unusableBecause = unusableBecause
    }
}
