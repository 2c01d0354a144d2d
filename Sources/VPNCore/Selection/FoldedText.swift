/// Text reduced to what matters when a person types a place name: no case, no
/// accents, and `-`, `_`, `.`, `,` and runs of white space all one space, so
/// "sao-paulo", "São  Paulo" and "SAO PAULO" are the same `FoldedText`.
///
/// Folding allocates; fold each name once and keep the result.
public struct FoldedText: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) {
        var folded = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                switch scalar {
                case "A"..."Z":
                    Self.append(Unicode.Scalar(scalar.value + 0x20)!, to: &folded, pendingSpace: &pendingSpace)
                case "-", "_", ".", ",", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}":
                    pendingSpace = !folded.isEmpty
                case "'", "`":
                    // "Côte d'Ivoire" is typed with and without the apostrophe.
                    break
                case "\u{00}"..."\u{1F}", "\u{7F}":
                    break
                default:
                    Self.append(scalar, to: &folded, pendingSpace: &pendingSpace)
                }
                continue
            }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .control, .format:
                // Accents typed as combining marks (NFD input) go, like precomposed ones.
                continue
            default:
                break
            }
            if properties.isWhitespace {
                pendingSpace = !folded.isEmpty
                continue
            }
            // Typographic apostrophes, dropped like the ASCII one.
            if scalar == "\u{2019}" || scalar == "\u{02BC}" { continue }
            for lower in properties.lowercaseMapping.unicodeScalars {
                if lower.isASCII {
                    Self.append(lower, to: &folded, pendingSpace: &pendingSpace)
                } else if let base = Self.latinBase(of: lower) {
                    for letter in base.unicodeScalars {
                        Self.append(letter, to: &folded, pendingSpace: &pendingSpace)
                    }
                } else if !lower.properties.isGraphemeExtend {
                    Self.append(lower, to: &folded, pendingSpace: &pendingSpace)
                }
            }
        }
        rawValue = String(folded)
    }

    public var description: String { rawValue }
    public var isEmpty: Bool { rawValue.isEmpty }

    public func hasPrefix(_ prefix: FoldedText) -> Bool {
        rawValue.utf8.starts(with: prefix.rawValue.utf8)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        // Byte order: deterministic and locale-free; folded names are mostly ASCII.
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    private static func append(_ scalar: Unicode.Scalar, to folded: inout String.UnicodeScalarView, pendingSpace: inout Bool) {
        if pendingSpace {
            folded.append(" ")
            pendingSpace = false
        }
        folded.append(scalar)
    }

    /// The plain letters a lower-case Latin letter stands for when typed without
    /// accents: "ö" → "o", "ø" → "o", "ł" → "l", "æ" → "ae", "ß" → "ss".
    ///
    /// Derived from the Unicode character name ("LATIN SMALL LETTER O WITH
    /// STROKE") rather than from a decomposition table: the standard library
    /// has no public normalization, Foundation's folding lives in the ICU-backed
    /// module, and letters like "ø", "ł" or "đ" have no decomposition anyway.
    /// Unicode guarantees that character names never change, so this is stable.
    private static func latinBase(of scalar: Unicode.Scalar) -> String? {
        guard let name = scalar.properties.name else { return nil }
        let rest: Substring
        if name.hasPrefix("LATIN SMALL LETTER ") {
            rest = name.dropFirst("LATIN SMALL LETTER ".count)
        } else if name.hasPrefix("LATIN SMALL LIGATURE ") {
            rest = name.dropFirst("LATIN SMALL LIGATURE ".count)
        } else {
            return nil
        }
        let letters = rest.firstRange(of: " WITH ").map { rest[..<$0.lowerBound] } ?? rest
        if (1...2).contains(letters.utf8.count), letters.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
            return letters.lowercased()
        }
        switch letters {
        case "SHARP S": return "ss"
        case "THORN": return "th"
        case "ETH": return "d"
        case "DOTLESS I": return "i"
        case "DOTLESS J": return "j"
        case "LONG S": return "s"
        default: return nil
        }
    }
}
