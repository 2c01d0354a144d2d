/// A tolerant scanner for the few XML elements UPnP needs: finds elements by local
/// name (ignoring namespace prefixes and case) and returns their text with the five
/// predefined entities decoded. Not a validating parser, and never traps.
struct XMLScanner {
    private let bytes: [UInt8]
    /// Every tag of the document, in order, found in one pass: the probe
    /// asks a description for a dozen elements, and rescanning the bytes
    /// for each (as this once did) cost milliseconds on the probe's
    /// critical path (the IGD query waits for it), tens in a debug build.
    private let tags: [Tag]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        tags = Self.tags(in: bytes)
    }

    /// The raw content of every `<name>`…`</name>` element (any prefix), in document order.
    func elements(named name: String, in range: Range<Int>? = nil) -> [Range<Int>] {
        let target = Array(name.lowercased().utf8)
        var results: [Range<Int>] = []
        let end = range?.upperBound ?? bytes.count
        var index = firstTag(from: range?.lowerBound ?? 0)
        while index < tags.count, tags[index].end <= end {
            let open = tags[index]
            index += 1
            guard !open.closing, !open.selfClosing, open.localName == target else { continue }
            var depth = 1
            var cursor = index
            while cursor < tags.count, tags[cursor].end <= end {
                let tag = tags[cursor]
                cursor += 1
                guard tag.localName == target, !tag.selfClosing else { continue }
                depth += tag.closing ? -1 : 1
                if depth == 0 {
                    results.append(open.end..<tag.start)
                    index = cursor
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

    /// The index of the first tag starting at or after `offset`.
    private func firstTag(from offset: Int) -> Int {
        var low = 0, high = tags.count
        while low < high {
            let middle = (low + high) / 2
            if tags[middle].start < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The tags from `<` to the next `>`, names lowercased and without a
    /// namespace prefix; a `<` with no `>` after it ends the document.
    private static func tags(in bytes: [UInt8]) -> [Tag] {
        var tags: [Tag] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
            var bodyStart = index + 1
            let closing = bodyStart < close && bytes[bodyStart] == UInt8(ascii: "/")
            if closing { bodyStart += 1 }
            let selfClosing = bodyStart < close && bytes[close - 1] == UInt8(ascii: "/")
            var nameEnd = bodyStart
            var localStart = bodyStart
            while nameEnd < close {
                let byte = bytes[nameEnd]
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == UInt8(ascii: "/") { break }
                if byte == UInt8(ascii: ":") { localStart = nameEnd + 1 }
                nameEnd += 1
            }
            let local = bytes[localStart..<nameEnd].map { (65...90).contains($0) ? $0 + 32 : $0 }
            tags.append(Tag(start: index, end: close + 1, localName: local, closing: closing, selfClosing: selfClosing))
            index = close + 1
        }
        return tags
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
