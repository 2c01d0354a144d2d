/// A tolerant scanner for the few XML elements UPnP needs: finds elements by local
/// name (ignoring namespace prefixes and case) and returns their text with the five
/// predefined entities decoded. Not a validating parser, and never traps.
struct XMLScanner {
    private let bytes: [UInt8]
    private let lowered: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        lowered = bytes.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }

    /// The raw content of every `<name>`…`</name>` element (any prefix), in document order.
    func elements(named name: String, in range: Range<Int>? = nil) -> [Range<Int>] {
        let target = Array(name.lowercased().utf8)
        var results: [Range<Int>] = []
        var index = range?.lowerBound ?? 0
        let end = range?.upperBound ?? lowered.count
        while let open = nextTag(from: index, end: end) {
            index = open.end
            guard !open.closing, !open.selfClosing, open.localName == target else { continue }
            var depth = 1
            var cursor = open.end
            while let tag = nextTag(from: cursor, end: end) {
                cursor = tag.end
                guard tag.localName == target, !tag.selfClosing else { continue }
                depth += tag.closing ? -1 : 1
                if depth == 0 {
                    results.append(open.end..<tag.start)
                    index = tag.end
                    break
                }
            }
            if depth != 0 { break }
        }
        return results
    }

    /// The decoded text of the first `name` element within `range`, trimmed.
    func text(of name: String, in range: Range<Int>? = nil) -> String? {
        elements(named: name, in: range).first.map { decode(bytes[$0]) }
    }

    private struct Tag {
        var start: Int
        var end: Int
        var localName: [UInt8]
        var closing: Bool
        var selfClosing: Bool
    }

    private func nextTag(from start: Int, end: Int) -> Tag? {
        var index = start
        while index < end {
            guard lowered[index] == UInt8(ascii: "<") else { index += 1; continue }
            guard let close = lowered[index..<end].firstIndex(of: UInt8(ascii: ">")) else { return nil }
            var body = lowered[(index + 1)..<close]
            let closing = body.first == UInt8(ascii: "/")
            if closing { body = body.dropFirst() }
            let selfClosing = body.last == UInt8(ascii: "/")
            let name = body.prefix { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 || $0 == UInt8(ascii: "/")) }
            let local = name.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).last.map(Array.init) ?? []
            return Tag(start: index, end: close + 1, localName: local, closing: closing, selfClosing: selfClosing)
        }
        return nil
    }

    private func decode(_ raw: ArraySlice<UInt8>) -> String {
        var text = String(decoding: raw, as: UTF8.self)
        if text.hasPrefix("<![CDATA["), text.hasSuffix("]]>") { text = String(text.dropFirst(9).dropLast(3)) }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            text = text.replacing(entity, with: character)
        }
        return text.trimmingCharacters()
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        let space: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: space).reversed().drop(while: space).reversed())
    }
}
