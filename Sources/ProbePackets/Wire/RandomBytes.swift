extension RandomNumberGenerator {
    /// `count` random bytes: transaction IDs, session IDs, nonces and throwaway key shares.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &self) }
    }
}
