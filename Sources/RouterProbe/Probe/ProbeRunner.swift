import VPNCore

/// Starts each probe on its own thread (in the options' namespace), and
/// turns a probe that could not start into its fallback.
struct ProbeRunner: Sendable {
    let namespace: String?

    func run<T: Sendable>(_ fallback: (String) -> T, _ body: @escaping @Sendable () -> T) async -> T {
        switch await ProbeThread.run(in: namespace, body) {
        case let .success(value): value
        case let .failure(error): fallback(error.description)
        }
    }

    /// A verdict, or `notChecked` with `reason` when it is given (the target lacks the service).
    func verdict(unless reason: String?, _ body: @escaping @Sendable () -> ProbeVerdict) async -> ProbeVerdict {
        if let reason { return .notChecked(why: reason) }
        return await run({ .notChecked(why: $0) }, body)
    }
}
