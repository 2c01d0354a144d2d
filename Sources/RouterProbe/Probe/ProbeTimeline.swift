import ProbePackets
import Synchronization

/// When each part of one probe run was ready, in milliseconds after the
/// run began: the instrument for finding where a slow report's time goes
/// (which verdict came last, and which step inside it waited). Filled from
/// the probe threads; read once the report is out.
public final class ProbeTimeline: Sendable {
    public struct Mark: Sendable, Hashable {
        public var label: String
        public var milliseconds: Double
    }

    private struct State {
        var start = ProbeDuration.nowNanoseconds()
        var marks: [Mark] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Starts the clock again and forgets earlier marks: the probe calls
    /// it as it begins, so a timeline made early measures only the run.
    func begin() {
        state.withLock { $0 = State() }
    }

    func mark(_ label: String) {
        let now = ProbeDuration.nowNanoseconds()
        state.withLock { $0.marks.append(Mark(label: label, milliseconds: Double(now &- $0.start) / 1_000_000)) }
    }

    /// The marks in the order they were made.
    public var all: [Mark] { state.withLock { $0.marks } }

    /// One line per mark, "  12.3 ms  upnp.ssdp", for logs and benchmarks.
    public var text: String {
        all.map { mark in
            let rounded = (mark.milliseconds * 10).rounded() / 10
            return "\(String(repeating: " ", count: max(0, 8 - "\(rounded)".count)))\(rounded) ms  \(mark.label)"
        }.joined(separator: "\n")
    }
}

extension Optional where Wrapped == ProbeTimeline {
    /// Marks `label` when there is a timeline; the common case has none.
    func mark(_ label: String) { self?.mark(label) }
}
