import Foundation

/// Reads a plugin descriptor (JSON, docs/plugin-contract.md):
///
///     { "contract": 1, "name": "wireguard", "executable": "vpnctl-plugin-wireguard",
///       "protocols": [ { "name": "wireguard", "transport": "udp", "needs": ["udp"] } ] }
///
/// A relative `executable` is taken from the descriptor's directory.
public enum DescriptorParser {
    public static func parse(_ data: Data, file: String) throws(DescriptorError) -> PluginDescriptor {
        func fail(_ problem: String) -> DescriptorError { DescriptorError(file: file, problem: problem) }
        guard data.count <= 64 * 1024 else { throw fail("larger than 64 KiB") }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw fail("\"\(key.stringValue)\" is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw fail("\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type")
        } catch {
            throw fail("not valid JSON")
        }
        guard isName(raw.name) else { throw fail("\"name\" must be lower-case letters, digits and dashes") }
        guard !raw.protocols.isEmpty else { throw fail("\"protocols\" is empty") }
        var protocols: [PluginDescriptor.ProtocolSupport] = []
        for (index, entry) in raw.protocols.enumerated() {
            guard isName(entry.name) else { throw fail("protocols[\(index)].name must be lower-case letters, digits and dashes") }
            guard entry.transport == "udp" || entry.transport == "tcp" else { throw fail("protocols[\(index)].transport must be udp or tcp") }
            let needs = entry.needs ?? []
            guard needs.allSatisfy({ isName($0.replacingOccurrences(of: "_", with: "-")) }) else {
                throw fail("protocols[\(index)].needs holds an invalid passthrough name")
            }
            protocols.append(.init(name: entry.name, transport: entry.transport, needs: needs))
        }
        guard !raw.executable.isEmpty, !raw.executable.contains("\0"), !raw.executable.contains("\n") else {
            throw fail("\"executable\" is not a usable path")
        }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let executable = raw.executable.hasPrefix("/") ? raw.executable : "\(directory)/\(raw.executable)"
        return PluginDescriptor(
            name: raw.name, contractVersion: raw.contract,
            executable: URL(fileURLWithPath: executable).standardizedFileURL.path,
            protocols: protocols, enabledByDefault: raw.enabled ?? true, source: file
        )
    }

    static func isName(_ text: String) -> Bool {
        (1...32).contains(text.utf8.count) && text.utf8.first != UInt8(ascii: "-")
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    private struct Raw: Decodable {
        struct Entry: Decodable {
            var name: String
            var transport: String
            var needs: [String]?
        }

        var contract: Int
        var name: String
        var executable: String
        var protocols: [Entry]
        var enabled: Bool?
    }
}
