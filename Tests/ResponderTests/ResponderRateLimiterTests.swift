import Addressing
import Testing
@testable import vpnctl_responder

@Suite struct ResponderRateLimiterTests {
    private let start = ContinuousClock.now
    private let alice = IPAddress("203.0.113.10")!
    private let bob = IPAddress("203.0.113.12")!

    private func answered(_ limiter: inout ResponderRateLimiter, _ source: IPAddress, times: Int, at instant: ContinuousClock.Instant) -> Int {
        (0..<times).count { _ in limiter.admit(source, at: instant).answers }
    }

    @Test func aBurstOfOneSecondsWorthPassesThenTheSourceIsLimited() {
        var limiter = ResponderRateLimiter(perSourceRate: 5, totalRate: 100)
        #expect(answered(&limiter, alice, times: 8, at: start) == 5)
        #expect(limiter.admit(alice, at: start) == .limitedPerSource(firstRefusal: false))
    }

    @Test func onlyTheFirstRefusalInARowIsNews() {
        var limiter = ResponderRateLimiter(perSourceRate: 1, totalRate: 100)
        #expect(limiter.admit(alice, at: start) == .answer)
        #expect(limiter.admit(alice, at: start) == .limitedPerSource(firstRefusal: true))
        #expect(limiter.admit(alice, at: start) == .limitedPerSource(firstRefusal: false))
        #expect(limiter.admit(alice, at: start + .seconds(1)) == .answer)
        #expect(limiter.admit(alice, at: start + .seconds(1)) == .limitedPerSource(firstRefusal: true))
    }

    @Test func tokensComeBackAtTheRateAndNoFasterThanTheBurst() {
        var limiter = ResponderRateLimiter(perSourceRate: 10, totalRate: 1000)
        #expect(answered(&limiter, alice, times: 10, at: start) == 10)
        // 300 ms at 10 per second: 3 tokens.
        #expect(answered(&limiter, alice, times: 10, at: start + .milliseconds(300)) == 3)
        // A long pause refills to one second's worth, not more.
        #expect(answered(&limiter, alice, times: 50, at: start + .seconds(60)) == 10)
    }

    @Test func oneSourceBeingLimitedLeavesAnotherAnswered() {
        var limiter = ResponderRateLimiter(perSourceRate: 2, totalRate: 100)
        #expect(answered(&limiter, alice, times: 5, at: start) == 2)
        #expect(answered(&limiter, bob, times: 5, at: start) == 2)
    }

    @Test func theTotalBucketLimitsAllSourcesTogether() {
        var limiter = ResponderRateLimiter(perSourceRate: 10, totalRate: 3)
        #expect(answered(&limiter, alice, times: 2, at: start) == 2)
        #expect(limiter.admit(bob, at: start) == .answer)
        #expect(limiter.admit(bob, at: start) == .limitedTotal(firstRefusal: true))
        // A refusal by the total bucket takes no token from the source's own.
        #expect(answered(&limiter, bob, times: 10, at: start + .seconds(1)) == 3)
    }

    @Test func theSourceTableStaysBoundedAndForgetsIdleSources() {
        var limiter = ResponderRateLimiter(perSourceRate: 1, totalRate: 10_000, maximumSources: 3)
        let sources = (1...4).map { IPAddress.ipv4(198, 18, 0, $0) }
        for source in sources.prefix(3) { #expect(limiter.admit(source, at: start) == .answer) }
        #expect(limiter.admit(sources[3], at: start) == .limitedTotal(firstRefusal: false))
        #expect(limiter.trackedSources == 3)
        // A second later every bucket is full again: they are forgotten and room is made.
        #expect(limiter.admit(sources[3], at: start + .seconds(1)) == .answer)
        #expect(limiter.trackedSources == 1)
    }

    @Test func zeroRatesAreRaisedToOne() {
        var limiter = ResponderRateLimiter(perSourceRate: 0, totalRate: 0)
        #expect(limiter.perSourceRate == 1)
        #expect(answered(&limiter, alice, times: 3, at: start) == 1)
    }

    @Test func bytesAreLimitedAsWellAsAnswers() {
        var limiter = ResponderRateLimiter(perSourceRate: 1000, totalRate: 1000, perSourceBytes: 3000, totalBytes: 5000)
        #expect(limiter.admit(alice, bytes: 1400, at: start) == .answer)
        #expect(limiter.admit(alice, bytes: 1400, at: start) == .answer)
        // 200 bytes left of alice's second: a full packet is refused, a small one not.
        #expect(limiter.admit(alice, bytes: 1400, at: start) == .limitedPerSource(firstRefusal: true))
        #expect(limiter.admit(alice, bytes: 100, at: start) == .answer)
        // 2100 bytes left in all: bob's first fits, his second not.
        #expect(limiter.admit(bob, bytes: 1400, at: start) == .answer)
        #expect(limiter.admit(bob, bytes: 1400, at: start) == .limitedTotal(firstRefusal: true))
        // Half a second refills half a second's worth.
        #expect(limiter.admit(alice, bytes: 1400, at: start + .milliseconds(500)) == .answer)
    }

    /// A flood of new sources meets a full table: it is swept for idle
    /// sources at most every `sweepInterval`, not once per packet.
    @Test func aFullTableIsSweptAtMostEveryInterval() {
        var limiter = ResponderRateLimiter(perSourceRate: 1, totalRate: 10_000, maximumSources: 2)
        let sources = (1...6).map { IPAddress.ipv4(198, 18, 0, $0) }
        for source in sources.prefix(2) { #expect(limiter.admit(source, at: start) == .answer) }
        // Both idle (refilled) by now: the sweep forgets them, two new ones take their places.
        let swept = start + .seconds(1)
        #expect(limiter.admit(sources[2], at: swept) == .answer)
        #expect(limiter.admit(sources[3], at: swept) == .answer)
        // Idle again a second later, the last sweep a second ago: swept again.
        let soon = swept + .seconds(1)
        #expect(limiter.admit(sources[4], at: soon) == .answer, "a second after the last sweep: sweeps again")
        #expect(limiter.trackedSources == 1)
        #expect(limiter.admit(sources[2], at: soon) == .answer)
        #expect(limiter.admit(sources[5], at: soon + .milliseconds(100)) == .limitedTotal(firstRefusal: false), "full, swept 100 ms ago: waits")
        #expect(limiter.trackedSources == 2)
        #expect(limiter.admit(sources[5], at: soon + ResponderRateLimiter.sweepInterval + .seconds(1)) == .answer)
    }
}
