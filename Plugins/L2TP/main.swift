import PluginKit

await PluginLoop.run(L2TPPlugin())
