import PluginKit

/// The plugin that runs the attempt under way or the tunnel that is up,
/// and the interface it reported once up.
struct TunnelProcess: Sendable {
    let connection: any TunnelPlugin
    let descriptor: PluginDescriptor
    var interface: String?
}
