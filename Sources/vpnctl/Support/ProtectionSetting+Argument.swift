import ArgumentParser
import VPNCore

/// `vpnctl set kill-switch …`: the command-line names, for parsing and completion.
extension ProtectionSetting: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.commandName) }
}
