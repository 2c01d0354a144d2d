import Foundation

/// Every blocking socket loop runs on a thread of its own, never on Swift's
/// cooperative pool.
enum ServiceThread {
    static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}
