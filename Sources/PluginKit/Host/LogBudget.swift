/// How much a plugin may say: a burst of `burst` lines, then `perSecond`
/// on average; what is over is dropped and counted, and the count is told
/// with the next line let through. Its log lines and stats go through one,
/// so a plugin that repeats itself cannot grow the daemon's memory or its
/// log without bound; states and failures always pass.
struct LogBudget {
    let burst: Double
    let perSecond: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant
    private(set) var dropped = 0

    init(burst: Int = 200, perSecond: Int = 50, now: ContinuousClock.Instant = .now) {
        self.burst = Double(burst)
        self.perSecond = Double(perSecond)
        tokens = Double(burst)
        last = now
    }

    /// Whether one more may pass now, and how many were dropped before it.
    mutating func admit(now: ContinuousClock.Instant = .now) -> (passes: Bool, droppedBefore: Int) {
        let (seconds, attoseconds) = (now - last).components
        tokens = min(burst, tokens + (Double(seconds) + Double(attoseconds) / 1e18) * perSecond)
        last = now
        guard tokens >= 1 else {
            dropped += 1
            return (false, 0)
        }
        tokens -= 1
        defer { dropped = 0 }
        return (true, dropped)
    }
}
