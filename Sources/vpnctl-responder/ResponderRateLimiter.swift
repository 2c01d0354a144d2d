import Addressing

/// How often and how much the probe responder may answer: token buckets per
/// source address and for everything, of answers and of bytes, each refilled
/// at its rate per second and holding at most one second's worth, so a burst
/// of probes goes through and a flood, of small packets or of large ones,
/// does not.
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
        var bytes: Double
        var updated: ContinuousClock.Instant
        var refusing = false

        mutating func refill(at now: ContinuousClock.Instant, rate: Double, byteRate: Double) {
            let elapsed = now - updated
            guard elapsed > .zero else { return }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(rate, tokens + seconds * rate)
            bytes = min(byteRate, bytes + seconds * byteRate)
            updated = now
        }

        func affords(_ count: Int) -> Bool { tokens >= 1 && bytes >= Double(count) }

        mutating func take(_ count: Int) {
            tokens -= 1
            bytes -= Double(count)
        }
    }

    public let perSourceRate: Int
    public let totalRate: Int
    /// Bytes answered per second, to one source and to all.
    public let perSourceBytes: Int
    public let totalBytes: Int
    /// Sources remembered at once; spoofed floods must not grow the table without end.
    public let maximumSources: Int
    /// A full table is swept for idle sources at most this often: a flood of
    /// new sources must not cost a pass over the whole table per packet.
    public static let sweepInterval: Duration = .milliseconds(250)
    private var sources: [IPAddress: Bucket] = [:]
    private var total: Bucket?
    private var lastSweep: ContinuousClock.Instant?

    public init(perSourceRate: Int, totalRate: Int, perSourceBytes: Int = 64 * 1024, totalBytes: Int = 4 << 20, maximumSources: Int = 4096) {
        self.perSourceRate = max(perSourceRate, 1)
        self.totalRate = max(totalRate, 1)
        self.perSourceBytes = max(perSourceBytes, 1500)
        self.totalBytes = max(totalBytes, 1500)
        self.maximumSources = max(maximumSources, 1)
    }

    public var trackedSources: Int { sources.count }

    /// Takes an answer and `bytes` from `source`'s buckets and the total
    /// ones, or says which was short.
    public mutating func admit(_ source: IPAddress, bytes: Int = 0, at now: ContinuousClock.Instant) -> Decision {
        let sourceRate = Double(perSourceRate), allRate = Double(totalRate)
        let sourceBytes = Double(perSourceBytes), allBytes = Double(totalBytes)
        var bucket: Bucket
        if let known = sources[source] {
            bucket = known
            bucket.refill(at: now, rate: sourceRate, byteRate: sourceBytes)
        } else {
            if sources.count >= maximumSources, lastSweep.map({ now - $0 >= Self.sweepInterval }) ?? true {
                forgetIdleSources(at: now)
                lastSweep = now
            }
            // Still full of busy sources: a new one waits rather than grow the table.
            guard sources.count < maximumSources else { return .limitedTotal(firstRefusal: false) }
            bucket = Bucket(tokens: sourceRate, bytes: sourceBytes, updated: now)
        }
        var all = total ?? Bucket(tokens: allRate, bytes: allBytes, updated: now)
        all.refill(at: now, rate: allRate, byteRate: allBytes)
        let decision: Decision
        if !bucket.affords(bytes) {
            decision = .limitedPerSource(firstRefusal: !bucket.refusing)
            bucket.refusing = true
        } else if !all.affords(bytes) {
            decision = .limitedTotal(firstRefusal: !bucket.refusing)
            bucket.refusing = true
        } else {
            bucket.take(bytes)
            all.take(bytes)
            bucket.refusing = false
            decision = .answer
        }
        sources[source] = bucket
        total = all
        return decision
    }

    /// A source whose bucket has refilled completely behaves as one never seen.
    private mutating func forgetIdleSources(at now: ContinuousClock.Instant) {
        let rate = Double(perSourceRate), byteRate = Double(perSourceBytes)
        sources = sources.filter { _, bucket in
            var refilled = bucket
            refilled.refill(at: now, rate: rate, byteRate: byteRate)
            return refilled.tokens < rate || refilled.bytes < byteRate
        }
    }
}
