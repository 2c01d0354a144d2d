import ArgumentParser
import Control

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
            let listing = try await Context(options: options).ask(ControlMethods.Servers.self, ServersRequest(location: location))
            if options.json {
                try JSONOutput.print(listing.servers)
                return
            }
            var table = TextTable("ID", "LOCATION", "HOSTNAME", "TIER", "LOAD", "STATUS", "PROTOCOLS")
            for server in listing.servers {
                let tierText = server.tier == .free ? "free" : (server.available ? "premium" : "premium (upgrade to use)")
                table.add(
                    server.id, server.location, server.hostname, tierText,
                    "\(server.load)%", server.online ? "online" : "offline",
                    server.protocols.joined(separator: ",")
                )
            }
            Console.print(table.rendered)
        }
    }
}
