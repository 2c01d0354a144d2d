/// Picks one server among candidates: online, offering the wanted protocol,
/// and lightly loaded.
///
/// It does not always take the least loaded server: every client of the same
/// list would pile onto it at once. Like Mullvad's weighted pick and Proton's
/// score, it draws among the servers within `band` load points of the lowest,
/// the lighter ones more often.
public struct ServerPicker: Sendable, Hashable {
    /// How many load points above the lowest still count as near-best.
    public let band: Int

    public init(band: Int = 10) {
        self.band = max(0, band)
    }

    /// The candidates that are online and offer `protocolName` (nil: any
    /// protocol), least loaded first, ties by id.
    ///
    /// `location` only words the errors: where the candidates are, or nil for
    /// everywhere the account may go.
    public func ranked(
        _ candidates: [Server], offering protocolName: ProtocolName?, in location: LocationMatch?
    ) throws(SelectionError) -> [Server] {
        let online = candidates.filter(\.online)
        guard !online.isEmpty else { throw .noServerOnline(location: location) }
        let offering = online.filter { server in
            protocolName.map { server.offers($0) } ?? !server.offers.isEmpty
        }
        guard !offering.isEmpty else {
            var offered: [ProtocolName] = []
            for name in online.flatMap(\.protocols) where !offered.contains(name) {
                offered.append(name)
            }
            throw .protocolNotOffered(protocolName, location: location, offered: offered)
        }
        return offering.sorted { ($0.load, $0.id) < ($1.load, $1.id) }
    }

    /// The leading servers of a ranking that are within `band` of the first.
    public func nearBest(_ ranked: [Server]) -> ArraySlice<Server> {
        guard let best = ranked.first?.load.rawValue else { return [] }
        return ranked.prefix { $0.load.rawValue - best <= band }
    }

    /// One server from the near-best band of the candidates (see `draw`).
    public func pick(
        from candidates: [Server], offering protocolName: ProtocolName?, in location: LocationMatch?,
        using generator: inout some RandomNumberGenerator
    ) throws(SelectionError) -> Server {
        draw(from: try ranked(candidates, offering: protocolName, in: location), using: &generator)
    }

    /// One server from the near-best band of a non-empty ranking, drawn with
    /// weight `band + 1 - (load - lowest)`: the lowest weighs `band + 1`
    /// times what one at the edge of the band does.
    public func draw(from ranked: [Server], using generator: inout some RandomNumberGenerator) -> Server {
        let near = nearBest(ranked)
        precondition(!near.isEmpty, "a ranking to draw from has at least one server")
        let lowest = near.first!.load.rawValue
        let weights = near.map { UInt64(band + 1 - ($0.load.rawValue - lowest)) }
        var remaining = generator.next(upperBound: weights.reduce(0, +))
        for (server, weight) in zip(near, weights) {
            if remaining < weight { return server }
            remaining -= weight
        }
        preconditionFailure("a draw below the total weight falls on some server")
    }
}
