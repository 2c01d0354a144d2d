import Testing
@testable import Netlink

/// The exchange logic against a scripted kernel: acks, errors, dumps, restarts.
@Suite struct NetlinkSocketTests {
    let request = NetlinkRequest(type: .newLink, flags: [.request, .acknowledge], payload: [UInt8](repeating: 0, count: 16))
    let dumpRequest = LinkMessages.dump()

    @Test func executeStampsSequenceAndPortAndReturnsRepliesBeforeTheAck() throws {
        let log = RequestLog()
        let socket = NetlinkSocket.scripted(ScriptedTransport(log: log) { header, _ in
            [Reply.object(to: header, flags: 0, payload: [1, 2, 3, 4]) + Reply.ack(to: header)]
        })
        let replies = try socket.execute(request, operation: "test")
        #expect(replies.map { Array($0.payload) } == [[1, 2, 3, 4]])
        #expect(log.all.map(\.sequence) == [100])
        #expect(log.all.map(\.portID) == [4242])
    }

    @Test func leftoversOfAnEarlierExchangeAreSkipped() throws {
        let socket = NetlinkSocket.scripted(ScriptedTransport { header, _ in
            var stale = header
            stale.sequence &-= 1
            return [Reply.ack(to: stale, error: 17), Reply.ack(to: header)]
        })
        #expect(try socket.execute(request, operation: "test").isEmpty)
    }

    @Test func anErrorAckBecomesKernelRejectedWithTheKernelsMessage() {
        let socket = NetlinkSocket.scripted(ScriptedTransport { header, _ in
            [Reply.ack(to: header, error: 19, text: "Nexthop device is not up")]
        })
        #expect(throws: NetlinkError.kernelRejected(operation: "add route", errno: 19, message: "Nexthop device is not up")) {
            try socket.execute(request, operation: "add route")
        }
    }

    @Test func aDumpCollectsEveryDatagramUntilDone() throws {
        let socket = NetlinkSocket.scripted(ScriptedTransport { header, _ in
            [Reply.object(to: header, payload: [1, 0, 0, 0]) + Reply.object(to: header, payload: [2, 0, 0, 0]),
             Reply.object(to: header, payload: [3, 0, 0, 0]),
             Reply.done(to: header)]
        })
        let replies = try socket.dump(dumpRequest, operation: "list")
        #expect(replies.map(\.payload.first) == [1, 2, 3])
    }

    @Test func anInterruptedDumpIsReadToItsEndAndStartedOver() throws {
        let log = RequestLog()
        let socket = NetlinkSocket.scripted(ScriptedTransport(log: log) { header, attempt in
            if attempt == 0 {
                // NLM_F_MULTI | NLM_F_DUMP_INTR: the table changed while the kernel read it.
                return [Reply.object(to: header, flags: 0x12, payload: [9, 0, 0, 0]),
                        Reply.object(to: header, payload: [9, 0, 0, 0]) + Reply.done(to: header)]
            }
            return [Reply.object(to: header, payload: [1, 0, 0, 0]) + Reply.done(to: header)]
        })
        let replies = try socket.dump(dumpRequest, operation: "list")
        #expect(replies.map(\.payload.first) == [1])
        #expect(log.all.count == 2)
        #expect(log.all[0].sequence != log.all[1].sequence)
    }

    @Test func aDumpThatNeverSettlesGivesUp() {
        let log = RequestLog()
        let socket = NetlinkSocket.scripted(ScriptedTransport(log: log) { header, _ in
            [Reply.object(to: header, payload: [1, 0, 0, 0]) + Reply.done(to: header, flags: 0x12)]
        })
        #expect(throws: NetlinkError.dumpInterrupted(operation: "list", attempts: NetlinkSocket.maximumDumpAttempts)) {
            try socket.dump(dumpRequest, operation: "list")
        }
        #expect(log.all.count == NetlinkSocket.maximumDumpAttempts)
    }

    @Test func aDumpEndingInAnErrorThrowsIt() {
        let socket = NetlinkSocket.scripted(ScriptedTransport { header, _ in
            [Reply.object(to: header, payload: [1, 0, 0, 0]) + Reply.done(to: header, error: 16)]
        })
        #expect(throws: NetlinkError.kernelRejected(operation: "list", errno: 16, message: nil)) {
            try socket.dump(dumpRequest, operation: "list")
        }
    }

    @Test func aDumpRefusedAtTheStartThrows() {
        let socket = NetlinkSocket.scripted(ScriptedTransport { header, _ in [Reply.ack(to: header, error: 19)] })
        #expect(throws: NetlinkError.kernelRejected(operation: "list", errno: 19, message: nil)) {
            try socket.dump(dumpRequest, operation: "list")
        }
    }

    /// An undecodable datagram mid-dump is reported, but only after the dump was read to
    /// NLMSG_DONE: a dump left open would make the kernel refuse the next one (EBUSY).
    @Test func aDumpWithAnUndecodableDatagramIsStillReadToItsEnd() throws {
        var transport = ScriptedTransport { header, attempt in
            if attempt == 0 {
                return [Reply.object(to: header, payload: [1, 0, 0, 0]), [0xFF, 0xFF, 0xFF], Reply.done(to: header)]
            }
            return [Reply.object(to: header, payload: [2, 0, 0, 0]) + Reply.done(to: header)]
        }
        transport.refusesWhileUnread = true
        let socket = NetlinkSocket.scripted(transport)
        #expect(throws: NetlinkError.malformedReply(operation: "list", .truncated(field: "nlmsghdr.nlmsg_len", offset: 0, needed: 4, available: 3))) {
            try socket.dump(dumpRequest, operation: "list")
        }
        #expect(try socket.dump(dumpRequest, operation: "list").map(\.payload.first) == [2])
    }

    @Test func noAnswerWithinTheTimeoutIsTimedOut() {
        let socket = NetlinkSocket.scripted(ScriptedTransport { _, _ in [] })
        #expect(throws: NetlinkError.timedOut(operation: "test", after: .seconds(1))) {
            try socket.execute(request, operation: "test")
        }
    }

    @Test func garbageFromTheKernelIsAMalformedReply() {
        let socket = NetlinkSocket.scripted(ScriptedTransport { _, _ in [[0xFF, 0xFF, 0xFF]] })
        #expect(throws: NetlinkError.malformedReply(operation: "test", .truncated(field: "nlmsghdr.nlmsg_len", offset: 0, needed: 4, available: 3))) {
            try socket.execute(request, operation: "test")
        }
    }

    @Test func aClosedSocketRefusesRequests() {
        let socket = NetlinkSocket.scripted(ScriptedTransport { header, _ in [Reply.ack(to: header)] })
        socket.close()
        #expect(throws: NetlinkError.socketClosed(operation: "test")) { try socket.execute(request, operation: "test") }
    }
}
