/// What a connect has set up so far, each with the way to take it down.
///
/// A connect pushes one step as soon as each thing exists (a directory, a
/// route, a daemon, rules), so a failure at any point, a disconnect and a
/// tunnel lost by itself all undo exactly what was done, newest first,
/// through the same code. Undo steps do not throw: what cannot be removed
/// now is left for the next instance's leftover cleanup, which looks for
/// the same things by name.
public struct UndoStack: Sendable {
    public typealias Undo = @Sendable () async -> Void

    private var steps: [(what: String, undo: Undo)] = []

    public init() {}

    public var isEmpty: Bool { steps.isEmpty }

    /// What unwinding would undo, in the order it would: for logs and tests.
    public var pending: [String] { steps.reversed().map(\.what) }

    /// Records `what` was set up and how to undo it.
    public mutating func push(_ what: String, undo: @escaping Undo) {
        steps.append((what, undo))
    }

    /// Hands every step over and leaves this stack empty, so an actor can
    /// clear its state before it suspends to unwind, and a second unwind
    /// (a disconnect racing a lost tunnel) finds nothing to do.
    public mutating func take() -> UndoStack {
        defer { steps = [] }
        return self
    }

    /// Runs every step once, newest first.
    public func unwind() async {
        for step in steps.reversed() {
            await step.undo()
        }
    }
}
