import Foundation

/// The bundled sample list (Tests/Fixtures/sample/servers.json), as bytes and
/// as a mutable document for building broken variants.
enum SampleList {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sample/servers.json")

    static var bytes: [UInt8] { Array(try! Data(contentsOf: url)) }

    static var document: [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
    }

    static func bytes(of document: Any) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: document, options: [.fragmentsAllowed]))
    }

    /// The sample with one change made to it.
    static func mutated(_ change: (inout [String: Any]) -> Void) -> [UInt8] {
        var document = document
        change(&document)
        return bytes(of: document)
    }

    static func mutatingServer(_ index: Int, _ change: @escaping (inout [String: Any]) -> Void) -> [UInt8] {
        mutated { document in
            var servers = document["servers"] as! [[String: Any]]
            change(&servers[index])
            document["servers"] = servers
        }
    }

    static func mutatingLocation(_ index: Int, _ change: @escaping (inout [String: Any]) -> Void) -> [UInt8] {
        mutated { document in
            var locations = document["locations"] as! [[String: Any]]
            change(&locations[index])
            document["locations"] = locations
        }
    }
}
