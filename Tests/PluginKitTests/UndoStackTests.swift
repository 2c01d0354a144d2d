import PluginKit
import Synchronization
import Testing

@Suite struct UndoStackTests {
    /// Collects what the steps did, in order, across their `@Sendable` closures.
    final class Journal: Sendable {
        private let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    @Test func unwindsNewestFirst() async {
        let journal = Journal()
        var stack = UndoStack()
        for name in ["directory", "route", "daemon", "rules"] {
            stack.push(name) { journal.add(name) }
        }
        #expect(stack.pending == ["rules", "daemon", "route", "directory"])
        await stack.take().unwind()
        #expect(journal.all == ["rules", "daemon", "route", "directory"])
    }

    @Test func takeLeavesNothingForASecondUnwind() async {
        let journal = Journal()
        var stack = UndoStack()
        stack.push("route") { journal.add("route") }
        let taken = stack.take()
        #expect(stack.isEmpty)
        await stack.unwind()
        #expect(journal.all.isEmpty)
        await taken.unwind()
        #expect(journal.all == ["route"])
    }

    @Test func aStepThatSuspendsFinishesBeforeTheNextBegins() async {
        let journal = Journal()
        var stack = UndoStack()
        stack.push("first") { journal.add("first") }
        stack.push("second") {
            await Task.yield()
            journal.add("second")
        }
        await stack.unwind()
        #expect(journal.all == ["second", "first"])
    }
}
