import Testing
@testable import ProbePackets
@testable import RouterProbe

@Suite struct RetransmitScheduleTests {
    let schedule = RetransmitSchedule.standard

    @Test func triesFallDueAtTheirOffsets() {
        #expect(schedule.triesDue(at: 0) == 1)
        #expect(schedule.triesDue(at: 49) == 1)
        #expect(schedule.triesDue(at: 50) == 2)
        #expect(schedule.triesDue(at: 349) == 3)
        #expect(schedule.triesDue(at: 700) == 5)
        #expect(schedule.triesDue(at: 5000) == 5)
    }

    @Test func waitRunsToTheNextTryThenToTheGiveUp() {
        #expect(schedule.wait(at: 0, sent: 1) == 50)
        #expect(schedule.wait(at: 20, sent: 1) == 30)
        #expect(schedule.wait(at: 60, sent: 2) == 90)
        #expect(schedule.wait(at: 700, sent: 5) == 500)
        #expect(schedule.wait(at: 1300, sent: 5) == 0)
        #expect(schedule.hasGivenUp(at: 1200))
        #expect(!schedule.hasGivenUp(at: 1199))
    }

    @Test func lateAnswerSchedulesMoveEarlyResendsAndKeepTheGiveUp() throws {
        let ssdp = schedule.resendingNoSoonerThan(100)
        #expect(ssdp.sendOffsets == [0, 100, 150, 350, 700])
        #expect(ssdp.giveUpAfter == schedule.giveUpAfter)
        #expect(ssdp.triesDue(at: 99) == 1, "no resend before 100 ms")
        #expect(ssdp.silenceEvidence == schedule.silenceEvidence, "the same tries, so the same words for silence")
        // Resends that would move past the give-up, or onto one another, are dropped.
        let short = try RetransmitSchedule(sendOffsets: [0, 10, 20, 90], giveUpAfter: 100)
        #expect(short.resendingNoSoonerThan(50).sendOffsets == [0, 50, 90])
        #expect(short.resendingNoSoonerThan(100).sendOffsets == [0])
        #expect(schedule.resendingNoSoonerThan(0) == schedule)
    }

    @Test func silenceEvidenceNamesTheWaitAndTheTries() {
        #expect(schedule.silenceEvidence == "no reply in 1.2 s after 5 tries")
        let one = try! RetransmitSchedule(sendOffsets: [0], giveUpAfter: 300)
        #expect(one.silenceEvidence == "no reply in 300 ms after 1 try")
    }

    @Test func badSchedulesAreRefusedWithTheReason() {
        #expect(throws: ProbeOptionsError.self) { try RetransmitSchedule(sendOffsets: [], giveUpAfter: 100) }
        #expect(throws: ProbeOptionsError.self) { try RetransmitSchedule(sendOffsets: [0, 50, 20], giveUpAfter: 100) }
        do {
            _ = try RetransmitSchedule(sendOffsets: [0, 200], giveUpAfter: 100)
            Issue.record("a give-up before the last send was accepted")
        } catch {
            #expect(error.description.contains("give-up time (100 ms)"), "\(error)")
        }
    }
}
