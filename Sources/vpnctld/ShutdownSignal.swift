import Dispatch
import Foundation

/// SIGTERM and SIGINT, as something to await.
enum ShutdownSignal {
    static func wait() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        signal(SIGPIPE, SIG_IGN)
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
