import Addressing

/// How often the probe responder may answer: a token bucket per source address and
/// one for everything, each refilled at its rate per second and holding at most one
/// second's worth, so a burst of probes goes through and a flood does not.
///
/// A value type that is told the time, so tests can drive it without a clock.
public struct ResponderRateLimiter: Sendable {
    public enum Decision: Sendable, Hashable {
        case answer
        /// `firstRefusal`: this source was answered last time, so the refusal is news worth a log line.
        case limitedPerSource(firstRefusal: Bool)
        case limitedTotal(firstRefusal: Bool)

        public var answers: Bool { self == .answer }
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: ContinuousClock.Instant
        var refusing = false

        mutating func refill(at now: ContinuousClock.Instant, rate: Double) {
            let elapsed = now - updated
            guard elapsed > .zero else { return }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(rate, tokens + seconds * rate)
            updated = now
        }
    }

    public let perSourceRate: Int
    public let totalRate: Int
    /// Sources remembered at once; spoofed floods must not grow the table without end.
    public let maximumSources: Int
    private var sources: [IPAddress: Bucket] = [:]
    private var total: Bucket?

    public init(perSourceRate: Int, totalRate: Int, maximumSources: Int = 4096) {
        self.perSourceRate = max(perSourceRate, 1)
        self.totalRate = max(totalRate, 1)
        self.maximumSources = max(maximumSources, 1)
    }

    public var trackedSources: Int { sources.count }

    /// Takes a token from `source`'s bucket and the total one, or says which was empty.
    public mutating func admit(_ source: IPAddress, at now: ContinuousClock.Instant) -> Decision {
        let sourceRate = Double(perSourceRate), allRate = Double(totalRate)
        var bucket: Bucket
        if let known = sources[source] {
            bucket = known
            bucket.refill(at: now, rate: sourceRate)
        } else {
            if sources.count >= maximumSources { forgetIdleSources(at: now) }
            // Still full of busy sources: a new one waits rather than grow the table.
            guard sources.count < maximumSources else { return .limitedTotal(firstRefusal: false) }
            bucket = Bucket(tokens: sourceRate, updated: now)
        }
        var all = total ?? Bucket(tokens: allRate, updated: now)
        all.refill(at: now, rate: allRate)
        let decision: Decision
        if bucket.tokens < 1 {
            decision = .limitedPerSource(firstRefusal: !bucket.refusing)
            bucket.refusing = true
        } else if all.tokens < 1 {
            decision = .limitedTotal(firstRefusal: !bucket.refusing)
            bucket.refusing = true
        } else {
            bucket.tokens -= 1
            all.tokens -= 1
            bucket.refusing = false
            decision = .answer
        }
        sources[source] = bucket
        total = all
        return decision
    }

    /// A source whose bucket has refilled completely behaves as one never seen.
    private mutating func forgetIdleSources(at now: ContinuousClock.Instant) {
        let rate = Double(perSourceRate)
        sources = sources.filter { _, bucket in
            var refilled = bucket
            refilled.refill(at: now, rate: rate)
            return refilled.tokens < rate
        }
    }
}
