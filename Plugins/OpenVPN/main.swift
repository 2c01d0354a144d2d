import PluginKit

await PluginLoop.run(OpenVPNPlugin())
