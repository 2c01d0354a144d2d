import Addressing
import ProbePackets
import Synchronization

/// The one rate limiter every service thread asks before answering; logs a peer
/// when it starts being refused, not on every refused packet.
final class SharedRateLimiter: Sendable {
    private let limiter: Mutex<ResponderRateLimiter>

    init(perSourceRate: Int, totalRate: Int, perSourceBytes: Int, totalBytes: Int) {
        limiter = Mutex(ResponderRateLimiter(
            perSourceRate: perSourceRate, totalRate: totalRate, perSourceBytes: perSourceBytes, totalBytes: totalBytes
        ))
    }

    /// Whether `source` may be sent an answer of `bytes` now.
    func admit(_ source: IPAddress, bytes: Int = 0, service: String) -> Bool {
        let now = ContinuousClock.now
        let decision = limiter.withLock { $0.admit(source, bytes: bytes, at: now) }
        switch decision {
        case .answer:
            return true
        case let .limitedPerSource(first):
            if first { ResponderLog.line("\(service): limiting \(source): over its rate per source") }
            return false
        case let .limitedTotal(first):
            if first { ResponderLog.line("\(service): limiting \(source): the total rate is used up") }
            return false
        }
    }
}
