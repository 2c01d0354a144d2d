#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A netlink socket that performs whole exchanges: it numbers each request, sends it,
/// and reads until the kernel's acknowledgement (or, for a dump, until NLMSG_DONE),
/// turning NLMSG_ERROR into a `NetlinkError` that carries the kernel's own message.
///
/// Calls block the calling thread in `recv` (bounded by the receive timeout). Exchanges
/// are serialised by a lock, so one socket can be shared between tasks; from async
/// code, run the calls through `NetlinkThread.run` so they never block a thread of
/// Swift's cooperative pool.
///
/// The socket talks to the network namespace of the thread that created it, for its
/// whole life. Closing it (or dropping the last reference) closes the descriptor.
public final class NetlinkSocket: Sendable {
    public static let defaultReceiveTimeout: Duration = .seconds(30)
    /// How often a dump is restarted when the kernel flags it inconsistent (NLM_F_DUMP_INTR).
    public static let maximumDumpAttempts = 8

    public let netlinkProtocol: NetlinkProtocol
    public let portID: UInt32
    private let receiveTimeout: Duration?
    private let state: Mutex<State>

    private struct State {
        var transport: any NetlinkTransport
        var nextSequence: UInt32
        var isClosed = false

        mutating func takeSequence() -> UInt32 {
            defer { nextSequence &+= 1 }
            return nextSequence
        }
    }

    /// Opens a socket in the calling thread's network namespace.
    public convenience init(_ netlinkProtocol: NetlinkProtocol,
                            receiveTimeout: Duration? = NetlinkSocket.defaultReceiveTimeout) throws(NetlinkError) {
        let transport = try KernelTransport(protocol: netlinkProtocol, receiveTimeout: receiveTimeout)
        self.init(netlinkProtocol: netlinkProtocol, transport: transport, receiveTimeout: receiveTimeout,
                  firstSequence: UInt32.random(in: 1 ... UInt32.max / 2))
    }

    init(netlinkProtocol: NetlinkProtocol, transport: sending any NetlinkTransport,
         receiveTimeout: Duration?, firstSequence: UInt32) {
        self.netlinkProtocol = netlinkProtocol
        self.portID = transport.portID
        self.receiveTimeout = receiveTimeout
        self.state = Mutex(State(transport: transport, nextSequence: firstSequence))
    }

    deinit {
        state.withLock { $0.transport.close() }
    }

    /// Closes the descriptor now (after an exchange in progress on another thread ends);
    /// later requests fail with `socketClosed`.
    public func close() {
        state.withLock { state in
            state.transport.close()
            state.isClosed = true
        }
    }

    /// Sends a request with NLM_F_ACK and returns the replies that came before the
    /// acknowledgement (none for NEW/DEL requests, the object for a GET).
    /// - Parameter operation: what the request does, in words, for error messages.
    @discardableResult
    public func execute(_ request: NetlinkRequest, operation: String) throws(NetlinkError) -> [NetlinkMessage] {
        var request = request
        request.flags.formUnion([.request, .acknowledge])
        return try state.withLock { (state) throws(NetlinkError) -> [NetlinkMessage] in
            let sequence = try send(request, in: &state, operation: operation)
            var replies: [NetlinkMessage] = []
            while true {
                for message in try receive(sequence, in: &state, operation: operation) {
                    switch message.header.type {
                    case .error:
                        let acknowledgement = try decode(operation) { () throws(WireFormatError) in
                            try NetlinkAcknowledgement.decodeError(message)
                        }
                        guard acknowledgement.isSuccess else { throw rejection(acknowledgement, operation) }
                        return replies
                    case .done:
                        let acknowledgement = try decode(operation) { () throws(WireFormatError) in
                            try NetlinkAcknowledgement.decodeDone(message)
                        }
                        guard acknowledgement.isSuccess else { throw rejection(acknowledgement, operation) }
                    case .noop:
                        continue
                    case .overrun:
                        throw .malformedReply(operation: operation, .invalidValue(field: "reply", reason: "NLMSG_OVERRUN: the kernel lost data"))
                    default:
                        replies.append(message)
                    }
                }
            }
        }
    }

    /// Sends a dump request (NLM_F_DUMP) and collects every message until NLMSG_DONE.
    /// A dump the kernel flags inconsistent (NLM_F_DUMP_INTR: the table changed while
    /// it was being read) is read to its end and started over, up to
    /// `maximumDumpAttempts` times.
    public func dump(_ request: NetlinkRequest, operation: String) throws(NetlinkError) -> [NetlinkMessage] {
        var request = request
        request.flags.formUnion([.request, .dump])
        for _ in 1 ... Self.maximumDumpAttempts {
            let (messages, interrupted) = try state.withLock { (state) throws(NetlinkError) -> ([NetlinkMessage], Bool) in
                try dumpOnce(request, in: &state, operation: operation)
            }
            if !interrupted { return messages }
        }
        throw .dumpInterrupted(operation: operation, attempts: Self.maximumDumpAttempts)
    }

    private func dumpOnce(_ request: NetlinkRequest, in state: inout State,
                          operation: String) throws(NetlinkError) -> ([NetlinkMessage], Bool) {
        let sequence = try send(request, in: &state, operation: operation)
        var replies: [NetlinkMessage] = []
        var interrupted = false
        // A datagram that cannot be decoded does not end the dump: the kernel keeps it
        // open until NLMSG_DONE is read, and would refuse this socket's next dump with
        // EBUSY. So the dump is read to its end and the first error thrown then.
        var firstError: NetlinkError?
        while true {
            let messages: [NetlinkMessage]
            do {
                messages = try receive(sequence, in: &state, operation: operation)
            } catch {
                if case .malformedReply = error {
                    firstError = firstError ?? error
                    continue
                }
                throw firstError ?? error
            }
            for message in messages {
                if message.header.flags.contains(.dumpInterrupted) { interrupted = true }
                switch message.header.type {
                case .done:
                    let acknowledgement = try decode(operation) { () throws(WireFormatError) in
                        try NetlinkAcknowledgement.decodeDone(message)
                    }
                    if let firstError { throw firstError }
                    guard acknowledgement.isSuccess else { throw rejection(acknowledgement, operation) }
                    return (replies, interrupted)
                case .error:
                    // A dump that cannot start is refused with an error ack; a success ack
                    // (if the caller asked for one) is not the end.
                    let acknowledgement = try decode(operation) { () throws(WireFormatError) in
                        try NetlinkAcknowledgement.decodeError(message)
                    }
                    guard acknowledgement.isSuccess else { throw rejection(acknowledgement, operation) }
                case .noop:
                    continue
                case .overrun:
                    firstError = firstError ?? .malformedReply(operation: operation,
                                                               .invalidValue(field: "dump", reason: "NLMSG_OVERRUN: the kernel lost data"))
                default:
                    replies.append(message)
                }
            }
        }
    }

    private func send(_ request: NetlinkRequest, in state: inout State, operation: String) throws(NetlinkError) -> UInt32 {
        guard !state.isClosed else { throw .socketClosed(operation: operation) }
        let sequence = state.takeSequence()
        try state.transport.send(request.encoded(sequence: sequence, portID: portID))
        return sequence
    }

    /// Reads one datagram and keeps the messages that answer `sequence`; leftovers of an
    /// earlier, abandoned exchange carry other sequence numbers and are dropped.
    private func receive(_ sequence: UInt32, in state: inout State, operation: String) throws(NetlinkError) -> [NetlinkMessage] {
        guard !state.isClosed else { throw .socketClosed(operation: operation) }
        let datagram: [UInt8]
        do {
            datagram = try state.transport.receive()
        } catch {
            if case let .systemCall(_, code) = error, code == EAGAIN || code == EWOULDBLOCK, let receiveTimeout {
                throw .timedOut(operation: operation, after: receiveTimeout)
            }
            throw error
        }
        let messages = try decode(operation) { () throws(WireFormatError) in try NetlinkMessage.parse(datagram: datagram) }
        return messages.filter { $0.header.sequence == sequence && $0.header.portID == portID }
    }

    private func decode<T>(_ operation: String, _ body: () throws(WireFormatError) -> T) throws(NetlinkError) -> T {
        do {
            return try body()
        } catch {
            throw .malformedReply(operation: operation, error)
        }
    }

    private func rejection(_ acknowledgement: NetlinkAcknowledgement, _ operation: String) -> NetlinkError {
        .kernelRejected(operation: operation, errno: acknowledgement.errorCode, message: acknowledgement.message)
    }
}
