import SystemSupport
import Testing

@Suite struct RateBudgetTests {
    @Test func aBurstPassesThenTheRateAndTheDroppedAreCounted() {
        let start = ContinuousClock.now
        var budget = RateBudget(burst: 3, perSecond: 10, now: start)
        for _ in 0..<3 { #expect(budget.admit(now: start) == (true, 0)) }
        for _ in 0..<5 { #expect(budget.admit(now: start).passes == false) }
        #expect(budget.refused == 5)
        // 100 ms later one more may pass, and tells of the five before it.
        let later = start + .milliseconds(100)
        #expect(budget.admit(now: later) == (true, 5))
        #expect(budget.admit(now: later).passes == false)
        // A long silence refills the burst, no more.
        let much = later + .seconds(60)
        for _ in 0..<3 { #expect(budget.admit(now: much).passes) }
        #expect(budget.admit(now: much).passes == false)
    }
}
