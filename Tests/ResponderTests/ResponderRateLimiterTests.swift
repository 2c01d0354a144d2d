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
}
