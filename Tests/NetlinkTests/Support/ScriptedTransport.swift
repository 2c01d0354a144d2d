@testable import Netlink
import Synchronization

/// What a scripted kernel saw: the headers of the requests sent to it.
final class RequestLog: Sendable {
    private let headers = Mutex<[NetlinkMessageHeader]>([])
    func record(_ header: NetlinkMessageHeader) { headers.withLock { $0.append(header) } }
    var all: [NetlinkMessageHeader] { headers.withLock { $0 } }
}

/// A transport whose "kernel" is a closure: for each request it returns the datagrams
/// to deliver, so socket logic (acks, dumps, restarts) is tested without a kernel.
struct ScriptedTransport: NetlinkTransport {
    let portID: UInt32
    let log: RequestLog
    let respond: (NetlinkMessageHeader, Int) -> [[UInt8]]
    var failure: NetlinkError?
    /// Like the kernel, refuse a new dump (EBUSY) while an earlier one is still unread.
    var refusesWhileUnread = false
    private var queue: [[UInt8]] = []
    private var requestCount = 0

    init(portID: UInt32 = 4242, log: RequestLog = RequestLog(), failure: NetlinkError? = nil,
         respond: @escaping (NetlinkMessageHeader, Int) -> [[UInt8]]) {
        self.portID = portID
        self.log = log
        self.failure = failure
        self.respond = respond
    }

    mutating func send(_ datagram: [UInt8]) throws(NetlinkError) {
        var reader = ByteReader(datagram)
        let header = try! NetlinkMessageHeader.decode(from: &reader)
        log.record(header)
        if refusesWhileUnread && !queue.isEmpty {
            queue.append(Reply.ack(to: header, error: 16))
            return
        }
        queue += respond(header, requestCount)
        requestCount += 1
    }

    mutating func receive() throws(NetlinkError) -> [UInt8] {
        if let failure { throw failure }
        guard !queue.isEmpty else { throw .systemCall(name: "recv", errno: 11) } // EAGAIN: nothing scripted
        return queue.removeFirst()
    }

    mutating func close() {}
}

extension NetlinkSocket {
    static func scripted(_ transport: sending ScriptedTransport) -> NetlinkSocket {
        NetlinkSocket(netlinkProtocol: .route, transport: transport, receiveTimeout: .seconds(1), firstSequence: 100)
    }
}

/// Reply builders, for a request header (replies echo its sequence number, to our port).
enum Reply {
    static func ack(to request: NetlinkMessageHeader, error: Int32 = 0, text: String? = nil) -> [UInt8] {
        var payload = le(-error) + messageHeader(length: Int(request.length), type: request.type.rawValue,
                                                 flags: request.flags.rawValue, sequence: request.sequence, portID: request.portID)
        var flags: UInt16 = 0x100 // NLM_F_CAPPED
        if let text {
            payload += attribute(1, cString(text))
            flags |= 0x200 // NLM_F_ACK_TLVS
        }
        return message(type: 2, flags: flags, sequence: request.sequence, portID: request.portID, payload: payload)
    }

    static func object(to request: NetlinkMessageHeader, type: UInt16 = 16, flags: UInt16 = 0x2, payload: [UInt8]) -> [UInt8] {
        message(type: type, flags: flags, sequence: request.sequence, portID: request.portID, payload: payload)
    }

    static func done(to request: NetlinkMessageHeader, error: Int32 = 0, flags: UInt16 = 0x2) -> [UInt8] {
        message(type: 3, flags: flags, sequence: request.sequence, portID: request.portID, payload: le(-error))
    }
}
