import ProbePackets

/// How the probe runs; the defaults are what the daemon wants.
public struct ProbeOptions: Sendable {
    public var schedule: RetransmitSchedule
    /// A network namespace (a path such as /var/run/netns/NAME) whose
    /// sockets and routing table the probe uses instead of the caller's:
    /// for the lab and tests. Each probe thread enters it before it opens
    /// anything; when that fails, nothing is sent.
    public var networkNamespace: String?
    /// A firewall mark (SO_MARK) that every socket the probe opens carries
    /// from before its first packet, so that a kill switch which lets out
    /// only marked packets lets the probe's through; nil: no mark. Setting
    /// it needs CAP_NET_ADMIN (or CAP_NET_RAW); without, nothing is sent and
    /// each verdict is `notChecked`, saying so.
    public var socketMark: UInt32?
    /// How many sizes one round of the path MTU search tries at once, and how many rounds.
    public var mtuSizesPerRound: Int
    public var mtuRounds: Int
    /// Where to note when each verdict (and each step of the UPnP query)
    /// was ready; nil in normal use.
    public var timeline: ProbeTimeline?

    public init(schedule: RetransmitSchedule = .standard, networkNamespace: String? = nil, socketMark: UInt32? = nil, mtuSizesPerRound: Int = 4, mtuRounds: Int = 3, timeline: ProbeTimeline? = nil) {
        self.schedule = schedule
        self.networkNamespace = networkNamespace
        self.socketMark = socketMark
        self.mtuSizesPerRound = max(1, mtuSizesPerRound)
        self.mtuRounds = max(1, mtuRounds)
        self.timeline = timeline
    }
}
