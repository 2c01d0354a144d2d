/// How much may pass: a burst of `burst`, then `perSecond` on average (a
/// token bucket); what is over is refused and counted, and the count is
/// handed to the next one let through, so it can be said once. Told the
/// time, so tests drive it without a clock.
///
/// What says things it cannot be stopped from saying goes through one: a
/// plugin's log lines and stats on their way to the daemon, the
/// responder's own log lines.
public struct RateBudget: Sendable {
    public let burst: Double
    public let perSecond: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant
    public private(set) var refused = 0

    public init(burst: Int, perSecond: Int, now: ContinuousClock.Instant = .now) {
        self.burst = Double(burst)
        self.perSecond = Double(perSecond)
        tokens = Double(burst)
        last = now
    }

    /// Whether one more may pass now, and how many were refused before it.
    public mutating func admit(now: ContinuousClock.Instant = .now) -> (passes: Bool, refusedBefore: Int) {
        let (seconds, attoseconds) = (now - last).components
        tokens = min(burst, tokens + (Double(seconds) + Double(attoseconds) / 1e18) * perSecond)
        last = now
        guard tokens >= 1 else {
            refused += 1
            return (false, 0)
        }
        tokens -= 1
        defer { refused = 0 }
        return (true, refused)
    }
}
