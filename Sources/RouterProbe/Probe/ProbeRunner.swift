import ProbePackets
import VPNCore

/// Starts each probe on its own thread (in the options' namespace, its
/// sockets carrying the options' mark), and turns a probe that could not
/// start into its fallback.
struct ProbeRunner: Sendable {
    let namespace: String?
    let socketMark: UInt32?
    let timeline: ProbeTimeline?

    /// Runs `body` on a probe thread; `label` goes on the timeline when it is done.
    func run<T: Sendable>(_ label: String, _ fallback: (String) -> T, _ body: @escaping @Sendable () -> T) async -> T {
        let result: T
        switch await ProbeThread.run(in: namespace, socketMark: socketMark, body) {
        case let .success(value): result = value
        case let .failure(error): result = fallback(error.description)
        }
        timeline.mark(label)
        return result
    }

    /// A verdict, or `notChecked` with `reason` when it is given (the target lacks the service).
    func verdict(_ label: String, unless reason: String?, _ body: @escaping @Sendable () -> ProbeVerdict) async -> ProbeVerdict {
        if let reason { return .notChecked(why: reason) }
        return await run(label, { .notChecked(why: $0) }, body)
    }
}
