import Foundation
import Testing
import VPNCore
import TestSupport
@testable import ProbePackets
@testable import RouterProbe

/// What the probe reads from peers and from disk, fed random, truncated and
/// mutated input: every failure is a PacketError (or the cache's own
/// error), nothing traps, and a forgery never passes tls-crypt's tag.
@Suite struct ProbeFuzzTests {
    @Test func tlsCryptUnwrapRejectsAllButTheRealPacket() throws {
        let key = try OpenVPNStaticKey(parsing: TLSCryptTests.pem)
        let wrapped = try TLSCrypt(key: key, role: .server).wrap(OpenVPNHardReset().encoded(), packetID: 1, time: 1)
        let client = TLSCrypt(key: key, role: .client)
        var forgeries = 0
        let outcome = Fuzzer.run(seed: 0x7c, valid: [wrapped], maximumLength: 200) {
            _ = try client.unwrap($0)
            // A "mutation" that drew the same bytes again is the real packet.
            if $0 != wrapped { forgeries += 1 }
        }
        #expect(outcome.foreignErrors.isEmpty)
        #expect(forgeries == 0, "only the real packet opens: \(outcome)")
        #expect(outcome.acceptedTruncations.isEmpty)
    }

    @Test func staticKeyTextNeverTraps() {
        let valid = Array(TLSCryptTests.pem.utf8)
        var generator = SeededRandomNumberGenerator(seed: 0x5e)
        var inputs = stride(from: 0, to: valid.count, by: 5).map { Array(valid.prefix($0)) }
        for _ in 0..<500 {
            var bytes = valid
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            inputs.append(bytes)
        }
        for bytes in inputs {
            do {
                _ = try OpenVPNStaticKey(parsing: String(decoding: bytes, as: UTF8.self))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(throws: PacketError.self) { try OpenVPNStaticKey(parsing: String(decoding: valid.prefix(valid.count / 2), as: UTF8.self)) }
    }

    @Test func storedReportsNeverTrap() {
        let valid = [UInt8](ProbeCacheRecord.encode(ProbeReportFixture.report()))
        var generator = SeededRandomNumberGenerator(seed: 0x3a)
        var accepted = 0
        for _ in 0..<1_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if (try? ProbeCacheRecord.decode(Data(bytes))) != nil { accepted += 1 }
        }
        for length in stride(from: 0, to: valid.count, by: 7) {
            #expect((try? ProbeCacheRecord.decode(Data(valid.prefix(length)))) == nil, "a truncation at \(length) read back")
        }
        // Some changed bytes land in evidence text and still read; the point is that nothing traps.
        #expect(accepted < 1_000)
    }

    @Test func arpTextNeverTraps() {
        var generator = SeededRandomNumberGenerator(seed: 0xa4)
        for _ in 0..<1_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: ":"), UInt8(ascii: "0"), UInt8(ascii: "x"), UInt8(ascii: "2"), UInt8(ascii: "."), UInt8(ascii: "a")]
                    .randomElement(using: &generator)!
            }
            _ = ARPTable(parsing: String(decoding: bytes, as: UTF8.self))
        }
    }
}
