/// Edit distances between short names, for "did you mean" suggestions.
enum EditDistance {
    /// The Damerau–Levenshtein distance: the fewest insertions, deletions,
    /// substitutions and swaps of adjacent characters that turn `a` into `b`.
    /// Unlike the restricted "optimal string alignment" variant it may edit
    /// between swapped characters ("ca" → "abc" is 2, not 3).
    /// Lowrance–Wagner algorithm, O(|a|·|b|) time and space.
    static func damerauLevenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let infinity = a.count + b.count
        let width = b.count + 2
        // Row and column 0 hold `infinity` so that a swap never reaches before
        // the start; row/column 1 are the distances from the empty string.
        var table = [Int](repeating: 0, count: (a.count + 2) * width)
        table[0] = infinity
        for i in 0...a.count {
            table[(i + 1) * width] = infinity
            table[(i + 1) * width + 1] = i
        }
        for j in 0...b.count {
            table[j + 1] = infinity
            table[width + j + 1] = j
        }
        // Per character, the last row of `a` it was seen in.
        var lastRowOf: [Unicode.Scalar: Int] = [:]
        for i in 1...a.count {
            var lastMatchingColumn = 0
            for j in 1...b.count {
                let swapRow = lastRowOf[b[j - 1]] ?? 0
                let swapColumn = lastMatchingColumn
                let cost: Int
                if a[i - 1] == b[j - 1] {
                    cost = 0
                    lastMatchingColumn = j
                } else {
                    cost = 1
                }
                table[(i + 1) * width + j + 1] = min(
                    table[i * width + j] + cost,
                    table[(i + 1) * width + j] + 1,
                    table[i * width + j + 1] + 1,
                    table[swapRow * width + swapColumn] + (i - swapRow - 1) + 1 + (j - swapColumn - 1)
                )
            }
            lastRowOf[a[i - 1]] = i
        }
        return table[(a.count + 1) * width + b.count + 1]
    }
}
