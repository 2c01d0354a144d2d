extension Sequence<Location> {
    /// Country, then city, then id, compared folded: the order people scan a
    /// list of places in, and the same order on every machine.
    func sortedByPlace() -> [Location] {
        map { (country: FoldedText($0.country), city: FoldedText($0.city), location: $0) }
            .sorted { lhs, rhs in
                if lhs.country != rhs.country { return lhs.country < rhs.country }
                if lhs.city != rhs.city { return lhs.city < rhs.city }
                return lhs.location.id < rhs.location.id
            }
            .map(\.location)
    }
}
