import Glibc
import SystemSupport
import Testing

@Suite struct LineReaderTests {
    /// The reader's events for `chunks` written to a pipe in turn, the
    /// writing end closed after the last.
    private func events(_ chunks: [String], limit: Int = 16) -> [LineReader.Event] {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        // A pipe holds 64 KiB: every chunk here fits before the reader starts.
        for chunk in chunks {
            #expect(RawIO.writeAll(ends[1], chunk) == 0)
        }
        close(ends[1])
        defer { close(ends[0]) }
        var reader = LineReader(descriptor: ends[0], limit: limit)
        var seen: [LineReader.Event] = []
        reader.run { seen.append($0) }
        #expect(reader.next() == .end, "after the end, the end again")
        return seen
    }

    private func line(_ text: String) -> LineReader.Event { .line(Array(text.utf8)) }

    @Test func manyLinesFromOneReadAndALastOneWithoutANewline() {
        #expect(events(["one\ntwo\n\nthree"]) == [line("one"), line("two"), line(""), line("three"), .end])
    }

    @Test func aLineSplitAcrossWritesComesOutWhole() {
        #expect(events(["par", "tial\nnext", "\n"]) == [line("partial"), line("next"), .end])
    }

    @Test func aLineOverTheLimitIsReportedOnceAndTheNextOneIsRead() {
        let long = String(repeating: "x", count: 40)
        #expect(events(["ok\n" + long, long + "\nafter\n"]) == [line("ok"), .tooLong, line("after"), .end])
    }

    @Test func anOverlongLastLineIsNotHandedOutInPart() {
        #expect(events([String(repeating: "y", count: 40)]) == [.tooLong, .end])
    }

    @Test func aLongStreamOfShortLinesLosesNothing() {
        let lines = (0..<5000).map { "line \($0)" }
        let seen = events([lines.joined(separator: "\n") + "\n"].flatMap { text in
            // In pieces that cut lines anywhere, 60 KB at most in all.
            stride(from: 0, to: text.utf8.count, by: 777).map { start in
                let bytes = Array(text.utf8)
                return String(decoding: bytes[start..<min(start + 777, bytes.count)], as: UTF8.self)
            }
        })
        #expect(seen == lines.map(line) + [.end])
    }

    @Test func aDeadlineEndsTheReadingAndDropsTheLineCutShort() {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(RawIO.writeAll(ends[1], "whole\npart") == 0)
        var reader = LineReader(descriptor: ends[0], limit: 64)
        reader.deadline = .now + .milliseconds(200)
        #expect(reader.next() == line("whole"))
        let started = ContinuousClock.now
        #expect(reader.next() == .end, "the writer is still there: only the deadline ends it")
        #expect(reader.timedOut)
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}
