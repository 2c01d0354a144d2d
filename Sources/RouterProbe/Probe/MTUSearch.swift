import ProbePackets

/// The path MTU search: a few rounds, each trying several sizes at once;
/// every answer narrows the range between the largest size that crossed and
/// the smallest that did not.
public struct MTUSearch: Sendable, Hashable {
    public let lower: Int
    public let upper: Int
    /// The largest size known to cross whole.
    public private(set) var largestPassed: Int?
    /// The smallest size known not to (one past `upper` until one fails).
    public private(set) var smallestFailed: Int
    public private(set) var rounds = 0

    public init(lower: Int = 576, upper: Int) throws(ProbeOptionsError) {
        guard lower >= 576, upper >= lower, upper <= 65_535 else { throw .invalidMTURange(lower: lower, upper: upper) }
        self.lower = lower
        self.upper = upper
        smallestFailed = upper + 1
    }

    /// Nothing left to learn: the answer is exact, or even the smallest size failed.
    public var isSettled: Bool {
        if let largestPassed { return smallestFailed - largestPassed <= 1 }
        return rounds > 0 && smallestFailed <= lower
    }

    /// The sizes of the next round, at most `count`, ascending. The first
    /// round always tries both ends, so a path that takes the interface's
    /// MTU (the usual case) or takes nothing settles in one round.
    public func nextSizes(count: Int) -> [Int] {
        guard !isSettled, count > 0 else { return [] }
        if rounds == 0 {
            guard count > 1, upper > lower else { return [upper] }
            let inner = (1..<(count - 1)).map { lower + (upper - lower) * $0 / (count - 1) }
            return Array(Set([lower] + inner + [upper])).sorted()
        }
        let low = largestPassed ?? lower, high = smallestFailed
        let sizes = (1...count).map { low + (high - low) * $0 / (count + 1) }.filter { $0 > low && $0 < high }
        return Array(Set(sizes)).sorted()
    }

    /// Takes in one round: the sizes tried and those that came back whole.
    public mutating func record(tried: [Int], passed: Set<Int>) {
        rounds += 1
        if let best = tried.filter(passed.contains).max() { largestPassed = max(largestPassed ?? best, best) }
        // A failed size below one that came back was lost, not too big: only failures above count.
        let floor = largestPassed ?? 0
        if let failed = tried.filter({ !passed.contains($0) && $0 > floor }).min() { smallestFailed = min(smallestFailed, failed) }
    }

    /// The path MTU as far as the search got: the largest size that crossed.
    public var result: Int? { largestPassed }
}
