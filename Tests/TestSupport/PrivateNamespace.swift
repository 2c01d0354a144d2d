import Foundation

/// A network namespace of the test's own (`ip netns add`, loopback up, IPv6
/// off), for what must never touch the machine's own: nftables rules, and
/// servers and clients on its loopback. Work runs inside it on a thread
/// that entered it (sockets stay in the namespace they were opened in);
/// `delete()` removes it and everything in it.
public final class PrivateNamespace: Sendable {
    public let name: String
    /// /var/run/netns/NAME, for `ProbeOptions.networkNamespace`.
    public var path: String { "/var/run/netns/\(name)" }

    public init(prefix: String) throws {
        name = "\(prefix)-\(String(UInt32.random(in: 0...0xFFFFF), radix: 16))"
        try Shell.run("ip", "netns", "add", name)
        do {
            try Shell.run("ip", "netns", "exec", name, "sysctl", "-qw",
                          "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
            try Shell.run("ip", "-n", name, "link", "set", "lo", "up")
        } catch {
            delete()
            throw error
        }
    }

    public func delete() {
        _ = Shell.succeeds("ip", "netns", "delete", name)
    }

    /// Whoever forgets it, the namespace goes with the object.
    deinit { delete() }

    /// Runs `body` on a fresh thread that has entered the namespace; the
    /// thread ends with it, so nothing else ever runs in there by mistake.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let path = path
        return try await offPool {
            try Self.enter(path)
            return try body()
        }
    }

    /// Loads `ruleset` with `nft -f -` inside the namespace.
    public func nft(_ ruleset: String) throws {
        _ = try Shell.output(["ip", "netns", "exec", name, "nft", "-f", "-"], input: ruleset)
    }

    /// The packets counted so far by the rule of `chain` in `table` whose
    /// comment is `comment` (from `nft -j list chain`).
    public func packets(family: String = "inet", table: String, chain: String, comment: String) throws -> Int {
        let json = try Shell.output("ip", "netns", "exec", name, "nft", "-j", "list", "chain", family, table, chain)
        let top = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        for case let item as [String: Any] in top?["nftables"] as? [Any] ?? [] {
            guard let rule = item["rule"] as? [String: Any], rule["comment"] as? String == comment else { continue }
            for case let expression as [String: Any] in rule["expr"] as? [Any] ?? [] {
                if let counter = expression["counter"] as? [String: Any], let packets = counter["packets"] as? Int { return packets }
            }
            throw Shell.Failure(description: "the rule \"\(comment)\" in \(table)/\(chain) has no counter")
        }
        throw Shell.Failure(description: "no rule \"\(comment)\" in \(table)/\(chain): \(json)")
    }

    /// setns(2) for the calling thread; Glibc's Swift module leaves it out.
    private static func enter(_ path: String) throws {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns") else { throw Shell.Failure(description: "setns(2) is not in this C library") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Shell.Failure(description: "open \(path): errno \(errno)") }
        defer { close(descriptor) }
        guard unsafeBitCast(symbol, to: SetNS.self)(descriptor, 0x4000_0000 /* CLONE_NEWNET */) == 0 else {
            throw Shell.Failure(description: "setns \(path): errno \(errno)")
        }
    }
}

/// Capabilities are per thread: dropping one from the calling thread's
/// effective set leaves the rest of the process as it was.
public enum ThreadCapabilities {
    public static let netAdmin = 12
    public static let netRaw = 13

    /// Removes `capabilities` (numbers from linux/capability.h, below 32)
    /// from the calling thread's effective set.
    public static func drop(_ capabilities: [Int]) throws {
        typealias CapCall = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
        guard let get = dlsym(dlopen(nil, RTLD_NOW), "capget"), let set = dlsym(dlopen(nil, RTLD_NOW), "capset") else {
            throw Shell.Failure(description: "capget/capset are not in this C library")
        }
        // _LINUX_CAPABILITY_VERSION_3: a header (version, pid 0 = this thread)
        // and two data words each of effective, permitted, inheritable.
        var header: [UInt32] = [0x2008_0522, 0]
        var data = [UInt32](repeating: 0, count: 6)
        let result = header.withUnsafeMutableBytes { header in
            data.withUnsafeMutableBytes { data in
                guard unsafeBitCast(get, to: CapCall.self)(header.baseAddress!, data.baseAddress!) == 0 else { return errno }
                let words = data.bindMemory(to: UInt32.self)
                for capability in capabilities { words[0] &= ~(UInt32(1) << UInt32(capability)) }
                return unsafeBitCast(set, to: CapCall.self)(header.baseAddress!, data.baseAddress!) == 0 ? 0 : errno
            }
        }
        guard result == 0 else { throw Shell.Failure(description: "capget/capset failed: errno \(result)") }
    }
}
