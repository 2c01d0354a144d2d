import ArgumentParser
import VPNCore

struct ServersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servers",
        abstract: "List servers, optionally of one location, with load and protocols."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A location id, country code, country, city, alias or server id.")
    var location: String?

    func run() async throws {
        try await reportingFailures {
            let query: LocationQuery?
            do throws(SelectionError) {
                query = try location.map { text throws(SelectionError) in try LocationQuery(parsing: text) }
            } catch {
                throw CommandFailure(error)
            }
            let context = try Context(options: options)
            let list = try await context.listingServerList()
            let tier = try await context.tierForListing()
            let selector = ServerSelector(list: list, tier: tier)
            let servers: [Server]
            do throws(SelectionError) {
                servers = try selector.servers(matching: query)
            } catch {
                throw CommandFailure(error)
            }
            if options.json {
                try JSONOutput.print(servers.map { ServerOutput($0, available: tier.canUse($0.tier)) })
                return
            }
            var table = TextTable("ID", "LOCATION", "HOSTNAME", "TIER", "LOAD", "STATUS", "PROTOCOLS")
            for server in servers {
                let tierText = server.tier == .free ? "free" : (tier.canUse(server.tier) ? "premium" : "premium (upgrade to use)")
                table.add(
                    server.id.rawValue, server.location.rawValue, server.hostname.rawValue, tierText,
                    "\(server.load.rawValue)%", server.online ? "online" : "offline",
                    server.protocols.map(\.rawValue).joined(separator: ",")
                )
            }
            Console.print(table.rendered)
        }
    }
}

struct ServerOutput: Encodable {
    let id: String
    let location: String
    let hostname: String
    let tier: Tier
    let load: Int
    let online: Bool
    let protocols: [String]
    let available: Bool

    init(_ server: Server, available: Bool) {
        id = server.id.rawValue
        location = server.location.rawValue
        hostname = server.hostname.rawValue
        tier = server.tier
        load = server.load.rawValue
        online = server.online
        protocols = server.protocols.map(\.rawValue)
        self.available = available
    }
}
