import ArgumentParser
import Control
import VPNCore

struct LocationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locations",
        abstract: "List the locations, marking those your account cannot use."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let listing = try await Context(options: options).ask(ControlMethods.Locations.self)
            if options.json {
                try JSONOutput.print(listing.locations.map(LocationOutput.init))
                return
            }
            var table = TextTable("ID", "COUNTRY", "CITY", "TIER", "SERVERS", "LOAD")
            for location in listing.locations {
                let tierText = location.tier == .free ? "free" : (location.available ? "premium" : "premium (upgrade to use)")
                // A free account sees no load for premium-only locations.
                let load = location.bestLoad.map { "\($0)%" } ?? (location.available ? "offline" : "-")
                table.add(location.id, "\(location.country) (\(location.countryCode))", location.city, tierText, "\(location.servers)", load)
            }
            Console.print(table.rendered)
            if listing.tier == .free, listing.locations.contains(where: { !$0.available }) {
                Console.print("\nPremium locations need a Premium account.")
            }
        }
    }
}

/// A location as `vpnctl locations --json` prints it (README: JSON output):
/// the entry without the load, which the table alone shows.
struct LocationOutput: Encodable {
    let id: String
    let countryCode: String
    let country: String
    let city: String
    let tier: Tier
    let available: Bool
    let servers: Int

    init(_ entry: LocationEntry) {
        id = entry.id
        countryCode = entry.countryCode
        country = entry.country
        city = entry.city
        tier = entry.tier
        available = entry.available
        servers = entry.servers
    }

    enum CodingKeys: String, CodingKey {
        case id, country, city, tier, available, servers
        case countryCode = "country_code"
    }
}
