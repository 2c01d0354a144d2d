import ArgumentParser
import Directory
import Foundation
import VPNCore

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show the account's tier and devices."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let accounts = try Context(options: options).directory().accounts
            let result: AccountResult
            do throws(AccountError) {
                result = try await accounts.account(refresh: true)
            } catch {
                throw CommandFailure(error)
            }
            result.warnings.forEach(Console.warn)
            let account = result.account
            let source = switch result.origin {
            case .noToken: "no_token"
            case .provider: "provider"
            case .cache: "cache"
            }
            if options.json {
                try JSONOutput.print(AccountOutput(tier: account.tier, devices: account.devices, source: source))
            } else {
                Console.print("Tier:    \(account.tier == .premium ? "Premium" : "Free")")
                Console.print("Devices: \(account.devices.used) of \(account.devices.max) in use")
                if result.origin == .noToken {
                    Console.print("No account_token_file is configured: using the free tier.")
                }
            }
        }
    }
}

struct AccountOutput: Encodable {
    let tier: Tier
    let devices: DeviceAllowance
    let source: String
}
