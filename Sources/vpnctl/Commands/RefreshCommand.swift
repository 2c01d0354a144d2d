import ArgumentParser
import Directory
import Foundation
import VPNCore

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch the server list now and check its signature."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let serverLists = try Context(options: options).directory().serverLists
            let result: ServerListResult<ServerList>
            do throws(DirectoryError) {
                result = try await serverLists.serverList(.refresh)
            } catch {
                throw CommandFailure(error)
            }
            result.warnings.forEach(Console.warn)
            let list = result.list
            let status = result.origin == .notModified ? "not_modified" : "updated"
            if options.json {
                try JSONOutput.print(RefreshOutput(
                    status: status, locations: list.locations.count, servers: list.servers.count,
                    generatedAt: list.generatedAt, expiresAt: list.expiresAt
                ))
            } else {
                let what = "\(list.servers.count) servers in \(list.locations.count) locations"
                Console.print(status == "updated" ? "Server list updated: \(what)." : "Server list is current: \(what).")
            }
        }
    }
}

struct RefreshOutput: Encodable {
    let status: String
    let locations: Int
    let servers: Int
    let generatedAt: Date
    let expiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case status, locations, servers
        case generatedAt = "generated_at"
        case expiresAt = "expires_at"
    }
}
