import VPNCore
import ProbePackets

/// How a parser fared against random, truncated and mutated input. Reaching the end
/// at all is the main result: a trap would have killed the test process.
public struct FuzzOutcome {
    public var randomAccepted = 0
    public var randomRejected = 0
    /// Proper prefixes of the valid packets (lengths 0 to count - 1) that parsed anyway.
    public var acceptedTruncations: [Int] = []
    public var truncationsRejected = 0
    public var mutationsAccepted = 0
    public var mutationsRejected = 0
    /// Errors that were not `PacketError`: parsers must only throw that.
    public var foreignErrors: [String] = []
    /// PacketErrors whose description came out empty.
    public var silentErrors = 0
}

public enum Fuzzer {
    // Enough to reach every length and most first bytes; more only slows a
    // debug build, whose run shares two threads with every other suite.
    public static let randomBuffers = 3_000
    public static let mutations = 3_000

    /// Feeds `parse` 3,000 random buffers (lengths up to `maximumLength`), every proper
    /// prefix of each valid packet, and 3,000 copies of valid packets with 1-4 bytes changed.
    public static func run(seed: UInt64, valid: [[UInt8]], maximumLength: Int = 600, parse: ([UInt8]) throws -> Void) -> FuzzOutcome {
        var generator = SeededRandomNumberGenerator(seed: seed)
        var outcome = FuzzOutcome()
        func attempt(_ bytes: [UInt8]) -> Bool {
            do {
                try parse(bytes)
                return true
            } catch let error as PacketError {
                if error.description.isEmpty { outcome.silentErrors += 1 }
                return false
            } catch {
                outcome.foreignErrors.append("\(error)")
                return false
            }
        }
        for _ in 0..<randomBuffers {
            let length = Int.random(in: 0...maximumLength, using: &generator)
            let bytes = randomBytes(length, using: &generator)
            if attempt(bytes) { outcome.randomAccepted += 1 } else { outcome.randomRejected += 1 }
        }
        for packet in valid {
            for length in 0..<packet.count {
                if attempt(Array(packet.prefix(length))) {
                    outcome.acceptedTruncations.append(length)
                } else {
                    outcome.truncationsRejected += 1
                }
            }
        }
        guard !valid.isEmpty else { return outcome }
        for _ in 0..<mutations {
            var bytes = valid[Int.random(in: 0..<valid.count, using: &generator)]
            guard !bytes.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if attempt(bytes) { outcome.mutationsAccepted += 1 } else { outcome.mutationsRejected += 1 }
        }
        return outcome
    }

    /// Eight bytes from each draw: per-byte `UInt8.random` dominates a debug build's run.
    private static func randomBytes(_ count: Int, using generator: inout SeededRandomNumberGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }
}
