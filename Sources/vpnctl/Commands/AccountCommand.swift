import ArgumentParser
import Control

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show the account's tier and devices."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let account = try await Context(options: options).ask(ControlMethods.Account.self)
            if options.json {
                try JSONOutput.print(account)
            } else {
                Console.print("Tier:    \(account.tier == .premium ? "Premium" : "Free")")
                Console.print("Devices: \(account.devices.used) of \(account.devices.max) in use")
                if account.source == .noToken {
                    Console.print("No account_token_file is configured: using the free tier.")
                }
            }
        }
    }
}
