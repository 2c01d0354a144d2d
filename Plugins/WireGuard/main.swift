import PluginKit

await PluginLoop.run(WireGuardPlugin())
