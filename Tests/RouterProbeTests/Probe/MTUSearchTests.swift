import Testing
@testable import ProbePackets
@testable import RouterProbe

@Suite struct MTUSearchTests {
    /// Runs the search against a path that passes sizes up to `mtu` (and loses `lost`).
    func search(mtu: Int, interface: Int = 1500, perRound: Int = 4, rounds: Int = 3, lost: Set<Int> = []) throws -> MTUSearch {
        var search = try MTUSearch(upper: interface)
        while !search.isSettled, search.rounds < rounds {
            let sizes = search.nextSizes(count: perRound)
            search.record(tried: sizes, passed: Set(sizes.filter { $0 <= mtu && !lost.contains($0) }))
        }
        return search
    }

    @Test func theInterfaceMTUSettlesInOneRound() throws {
        let result = try search(mtu: 1500)
        #expect(result.result == 1500)
        #expect(result.rounds == 1)
        #expect(result.isSettled)
    }

    @Test func nothingPassingSettlesInOneRoundWithNoResult() throws {
        let result = try search(mtu: 100)
        #expect(result.result == nil)
        #expect(result.rounds == 1)
        #expect(result.isSettled)
    }

    @Test func aSmallerPathMTUIsBracketedTightly() throws {
        for mtu in [600, 1280, 1400, 1420, 1492, 1499] {
            let result = try search(mtu: mtu)
            let found = try #require(result.result, "mtu \(mtu)")
            #expect(found <= mtu, "never above the real MTU: \(found) for \(mtu)")
            #expect(mtu - found < 20, "within 20 bytes after 3 rounds of 4: \(found) for \(mtu)")
            #expect(result.smallestFailed > mtu)
        }
    }

    @Test func enoughRoundsFindTheExactValue() throws {
        let result = try search(mtu: 1412, rounds: 12)
        #expect(result.result == 1412)
        #expect(result.isSettled)
    }

    @Test func aLostSmallProbeDoesNotHideALargerPass() throws {
        var search = try MTUSearch(upper: 1500)
        let sizes = search.nextSizes(count: 4)
        #expect(sizes.first == 576 && sizes.last == 1500, "\(sizes)")
        search.record(tried: sizes, passed: Set(sizes.dropFirst().dropLast()))
        #expect(search.largestPassed == sizes[2])
        #expect(search.smallestFailed == 1500)
    }

    @Test func outOfRangeBoundsAreRefused() {
        #expect(throws: ProbeOptionsError.self) { try MTUSearch(upper: 500) }
        #expect(throws: ProbeOptionsError.self) { try MTUSearch(lower: 1000, upper: 900) }
        #expect(throws: ProbeOptionsError.self) { try MTUSearch(upper: 70_000) }
    }
}
