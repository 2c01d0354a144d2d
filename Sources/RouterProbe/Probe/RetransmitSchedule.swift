import ProbePackets

/// When a probe sends (and resends) its packet and when it stops waiting:
/// short, growing gaps, so a lost packet costs tens of milliseconds and a
/// blocked path a bit over a second.
public struct RetransmitSchedule: Sendable, Hashable {
    /// Milliseconds after the start at which each try goes out, ascending, the first usually 0.
    public let sendOffsets: [Int]
    /// Milliseconds after the start at which an unanswered probe gives up.
    public let giveUpAfter: Int

    /// Resends at 0, 50, 150, 350 and 700 ms, gives up at 1.2 s.
    public static let standard = RetransmitSchedule(uncheckedOffsets: [0, 50, 150, 350, 700], giveUpAfter: 1200)

    public init(sendOffsets: [Int], giveUpAfter: Int) throws(ProbeOptionsError) {
        guard !sendOffsets.isEmpty else { throw .invalidSchedule("it needs at least one send time") }
        guard sendOffsets.allSatisfy({ $0 >= 0 }), zip(sendOffsets, sendOffsets.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidSchedule("send times must be non-negative and ascending, got \(sendOffsets)")
        }
        guard giveUpAfter > sendOffsets.last! else {
            throw .invalidSchedule("the give-up time (\(giveUpAfter) ms) must come after the last send (\(sendOffsets.last!) ms)")
        }
        self.init(uncheckedOffsets: sendOffsets, giveUpAfter: giveUpAfter)
    }

    private init(uncheckedOffsets: [Int], giveUpAfter: Int) {
        sendOffsets = uncheckedOffsets
        self.giveUpAfter = giveUpAfter
    }

    public var tries: Int { sendOffsets.count }

    /// The same schedule with no resend before `milliseconds`: resends due
    /// earlier go out then instead (once), later ones and the give-up stay.
    /// For answers that come late on purpose, where an early resend would
    /// cross the answer on its way.
    public func resendingNoSoonerThan(_ milliseconds: Int) -> RetransmitSchedule {
        var offsets = [sendOffsets[0]]
        for offset in sendOffsets.dropFirst() {
            let moved = max(offset, milliseconds)
            if moved < giveUpAfter, moved > offsets.last! { offsets.append(moved) }
        }
        return RetransmitSchedule(uncheckedOffsets: offsets, giveUpAfter: giveUpAfter)
    }

    /// How many tries are due by `elapsed` milliseconds after the start.
    public func triesDue(at elapsed: Int) -> Int {
        guard elapsed < giveUpAfter else { return tries }
        return sendOffsets.prefix { $0 <= elapsed }.count
    }

    /// How long to wait, from `elapsed`, after `sent` tries went out: until
    /// the next try is due or the probe gives up; 0 when that is now.
    public func wait(at elapsed: Int, sent: Int) -> Int {
        let next = sent < tries ? sendOffsets[sent] : giveUpAfter
        return max(0, min(next, giveUpAfter) - elapsed)
    }

    public func hasGivenUp(at elapsed: Int) -> Bool { elapsed >= giveUpAfter }

    /// The evidence of an unanswered probe: "no reply in 1.2 s after 5 tries".
    public var silenceEvidence: String {
        "no reply in \(ProbeDuration.text(giveUpAfter)) after \(tries) \(tries == 1 ? "try" : "tries")"
    }
}
