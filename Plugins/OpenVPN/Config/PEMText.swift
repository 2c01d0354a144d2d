/// PEM text (certificates, OpenVPN's static keys) checked line by line, so
/// that it can go between `<ca>` … `</ca>` in openvpn's config: nothing but
/// BEGIN/END lines and their base64 (or hex) bodies survives, and the text
/// written out is rebuilt from those lines alone.
struct PEMText: Sendable, Hashable {
    enum Body: Sendable {
        case base64, hex

        func allows(_ byte: UInt8) -> Bool {
            switch self {
            case .base64:
                ConfigValue.isLowerAlphanumeric(byte) || ConfigValue.isUpper(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
            case .hex:
                (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
            }
        }
    }

    /// The checked blocks, one line each, every line ending in "\n".
    let text: String
    let blockCount: Int

    /// A CA bundle: one or more `CERTIFICATE` blocks.
    static func certificates(_ raw: String) -> PEMText? {
        PEMText(raw, labels: ["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"], body: .base64, comments: false, maximumLength: 64 * 1024)
    }

    /// An OpenVPN static key (tls-crypt, tls-auth): one hex block; the `#`
    /// comment lines `openvpn --genkey` writes are dropped.
    static func staticKey(_ raw: String) -> PEMText? {
        guard let key = PEMText(raw, labels: ["OpenVPN Static key V1"], body: .hex, comments: true, maximumLength: 4 * 1024), key.blockCount == 1 else { return nil }
        return key
    }

    private init?(_ raw: String, labels: Set<String>, body: Body, comments: Bool, maximumLength: Int) {
        guard raw.utf8.count <= maximumLength, !raw.utf8.contains(0) else { return nil }
        var output: [String] = []
        var open: String?
        var blocks = 0
        // By scalars: as Characters, "\r\n" is one and would not split at "\n".
        for rawLine in raw.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(String(String.UnicodeScalarView(rawLine)))
            if line.unicodeScalars.last == "\r" { line = Substring(String(line.unicodeScalars.dropLast())) }
            while line.last == " " || line.last == "\t" { line = line.dropLast() }
            if line.isEmpty { continue }
            if let label = open {
                if line == "-----END \(label)-----" {
                    output.append(String(line))
                    open = nil
                    blocks += 1
                } else {
                    guard line.utf8.count <= 256, line.utf8.allSatisfy(body.allows) else { return nil }
                    output.append(String(line))
                }
            } else if line.hasPrefix("#") {
                // A comment is dropped, but only a plain one is accepted: it
                // says nothing good about a key that carries markup.
                guard comments, line.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0 != "<" && $0 != ">" }) else { return nil }
            } else {
                guard line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") else { return nil }
                let label = String(line.dropFirst("-----BEGIN ".count).dropLast("-----".count))
                guard labels.contains(label) else { return nil }
                output.append(String(line))
                open = label
            }
        }
        guard open == nil, blocks > 0 else { return nil }
        text = output.map { $0 + "\n" }.joined()
        blockCount = blocks
    }
}
