import SystemSupport
import Foundation

/// Reads a child's output on a thread of its own (reads block) and hands
/// each line, in order, to an async stream.
enum PipeReader {
    enum Event: Sendable {
        case line([UInt8])
        case tooLong
        case end
    }

    static func stream(_ descriptor: Int32, limit: Int) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let started = DedicatedThread.start {
            var reader = LineReader(descriptor: descriptor, limit: limit)
            reader.run { event in
                switch event {
                case let .line(bytes): continuation.yield(.line(bytes))
                case .tooLong: continuation.yield(.tooLong)
                case .end: continuation.yield(.end)
                }
            }
            continuation.finish()
        }
        if started != nil {
            // No thread to read with: as if the pipe had ended.
            continuation.yield(.end)
            continuation.finish()
        }
        return stream
    }
}
