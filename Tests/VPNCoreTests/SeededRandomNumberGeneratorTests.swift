import Testing
import VPNCore

@Suite struct SeededRandomNumberGeneratorTests {
    @Test func matchesTheSplitMix64ReferenceSequence() {
        // Outputs of Vigna's splitmix64.c for seed 0.
        var generator = SeededRandomNumberGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func sameSeedSameSequenceOtherSeedOtherSequence() {
        var first = SeededRandomNumberGenerator(seed: 42)
        var again = SeededRandomNumberGenerator(seed: 42)
        var other = SeededRandomNumberGenerator(seed: 43)
        let a = (0..<8).map { _ in first.next() }
        #expect(a == (0..<8).map { _ in again.next() })
        #expect(a != (0..<8).map { _ in other.next() })
    }
}
