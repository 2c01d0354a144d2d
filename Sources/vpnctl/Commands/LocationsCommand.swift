import ArgumentParser
import VPNCore

struct LocationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locations",
        abstract: "List the locations, marking those your account cannot use."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let context = try Context(options: options)
            let list = try await context.listingServerList()
            let tier = try await context.tierForListing()
            let summaries = ServerSelector(list: list, tier: tier).locationSummaries()
            if options.json {
                try JSONOutput.print(summaries.map(LocationOutput.init))
                return
            }
            var table = TextTable("ID", "COUNTRY", "CITY", "TIER", "SERVERS", "LOAD")
            for summary in summaries {
                let location = summary.location
                let tierText = summary.tier == .free ? "free" : (summary.isAvailable ? "premium" : "premium (upgrade to use)")
                // A free account sees no load for premium-only locations.
                let load = summary.bestLoad.map { "\($0.rawValue)%" } ?? (summary.isAvailable ? "offline" : "-")
                table.add(location.id.rawValue, "\(location.country) (\(location.countryCode))", location.city, tierText, "\(summary.serverCount)", load)
            }
            Console.print(table.rendered)
            if tier == .free, summaries.contains(where: { !$0.isAvailable }) {
                Console.print("\nPremium locations need a Premium account.")
            }
        }
    }
}

struct LocationOutput: Encodable {
    let id: String
    let countryCode: String
    let country: String
    let city: String
    let tier: Tier
    let available: Bool
    let servers: Int

    init(_ summary: LocationSummary) {
        id = summary.location.id.rawValue
        countryCode = summary.location.countryCode.rawValue
        country = summary.location.country
        city = summary.location.city
        tier = summary.tier
        available = summary.isAvailable
        servers = summary.serverCount
    }

    enum CodingKeys: String, CodingKey {
        case id, country, city, tier, available, servers
        case countryCode = "country_code"
    }
}
