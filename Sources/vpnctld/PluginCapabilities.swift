import PluginKit
import VPNCore

/// What each installed plugin can do here, for the protocol policy: its
/// descriptor's needs, and whether its `initialize` said it can run on this
/// machine (asked once per plugin executable, then remembered: a kernel
/// does not gain /dev/ppp while the daemon runs).
actor PluginCapabilities {
    private let launcher: any PluginLauncher
    private var usability: [String: String?] = [:]

    init(launcher: any PluginLauncher) {
        self.launcher = launcher
    }

    func capabilities(of plugins: [ProtocolName: PluginDescriptor], timeout: Duration) async -> [ProtocolCapability] {
        var capabilities: [ProtocolCapability] = []
        for (name, descriptor) in plugins.sorted(by: { $0.key < $1.key }) {
            guard let support = descriptor.protocols.first(where: { $0.name == name.rawValue }) else { continue }
            let needs = Set(support.needs.compactMap(PassthroughKey.init(rawValue:)))
            for unknown in support.needs where PassthroughKey(rawValue: unknown) == nil {
                DaemonLog.warning("\(descriptor.source): \(name) needs \"\(unknown)\", which the router probe does not know; ignored")
            }
            let problem = await unusableBecause(descriptor, timeout: timeout)
            capabilities.append(ProtocolCapability(name: name, needs: needs, unusableBecause: problem))
        }
        return capabilities
    }

    private func unusableBecause(_ descriptor: PluginDescriptor, timeout: Duration) async -> String? {
        if let known = usability[descriptor.executable] { return known }
        do throws(PluginError) {
            let (connection, hello) = try await launcher.launch(descriptor, timeout: timeout)
            await connection.terminate()
            let problem = hello.usable ? nil : hello.notes.joined(separator: "; ")
            usability[descriptor.executable] = .some(problem)
            return problem
        } catch {
            // Not remembered: a plugin slow to start under load may answer next time.
            return error.description
        }
    }
}
