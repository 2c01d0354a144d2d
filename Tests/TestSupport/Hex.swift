/// Bytes from hex as RFCs print it: spaces, newlines and comments after `#` ignored.
public func hex(_ text: String) -> [UInt8] {
    let digits = text.split(separator: "\n").map { $0.prefix { $0 != "#" } }.joined().filter(\.isHexDigit)
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

public func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
