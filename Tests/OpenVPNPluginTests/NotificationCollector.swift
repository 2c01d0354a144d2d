import PluginKit

/// Keeps every notification a plugin sends, so a test can wait for the
/// first one that matches (a stats update, an error) without ending the
/// stream: a cancelled `for await` on it would finish it for good.
actor NotificationCollector {
    private var seen: [PluginNotification] = []
    private var waiters: [(id: Int, matches: @Sendable (PluginNotification) -> Bool, continuation: CheckedContinuation<PluginNotification?, Never>)] = []
    private var nextWaiter = 0

    init(_ notifications: AsyncStream<PluginNotification>) {
        Task { [weak self] in
            for await notification in notifications { await self?.add(notification) }
        }
    }

    /// The first notification so far or to come that matches, or nil once
    /// `timeout` has passed.
    func first(within timeout: Duration, where matches: @escaping @Sendable (PluginNotification) -> Bool) async -> PluginNotification? {
        if let found = seen.first(where: matches) { return found }
        let id = nextWaiter
        nextWaiter += 1
        return await withCheckedContinuation { continuation in
            waiters.append((id, matches, continuation))
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
    }

    /// Forgets what was seen, so later waits see only what comes next.
    func clear() { seen.removeAll() }

    private func add(_ notification: PluginNotification) {
        seen.append(notification)
        let (ready, rest) = (waiters.filter { $0.matches(notification) }, waiters.filter { !$0.matches(notification) })
        waiters = rest
        for waiter in ready { waiter.continuation.resume(returning: notification) }
    }

    private func expire(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }
}
