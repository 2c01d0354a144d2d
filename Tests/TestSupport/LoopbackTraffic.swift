import Foundation

/// libcurl honours https_proxy and all_proxy, and makes no exception for
/// loopback: a proxy in the environment would carry the tests' requests off
/// this machine. Every test request goes to 127.0.0.1, so exempt it.
public enum LoopbackTraffic {
    public static let exemptHosts = "127.0.0.1,localhost,::1"

    /// Sets NO_PROXY for this process once, before the first transfer.
    public static func bypassProxies() {
        _ = applied
    }

    private static let applied: Void = {
        for name in ["NO_PROXY", "no_proxy"] {
            let current = ProcessInfo.processInfo.environment[name] ?? ""
            setenv(name, current.isEmpty ? exemptHosts : "\(current),\(exemptHosts)", 1)
        }
    }()
}
