import Foundation
import PluginKit
import Testing

/// The typed credentials keep the contract's wire names, send nothing that
/// is not set, and never show a secret in a description.
@Suite struct CredentialsTests {
    @Test func theWireNamesAreTheDocumentedOnes() throws {
        let credentials = Credentials(privateKey: "a2V5", address: "198.19.0.7/32")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(credentials)) as? [String: String])
        #expect(object == ["private_key": "a2V5", "address": "198.19.0.7/32"])
        let back = try JSONDecoder().decode(Credentials.self, from: Data(#"{"username": "vpnctl", "password": "token"}"#.utf8))
        #expect(back == Credentials(username: "vpnctl", password: "token"))
    }

    @Test func aDescriptionNamesWhatIsThereAndShowsNoSecret() {
        let credentials = Credentials(privateKey: "c2VjcmV0", username: "vpnctl", password: "hunter2")
        for text in [String(describing: credentials), String(reflecting: credentials), "\(credentials)"] {
            #expect(!text.contains("hunter2") && !text.contains("c2VjcmV0"), "\(text)")
            #expect(text.contains("private_key") && text.contains("password"))
        }
    }

    @Test func parametersAreReadByTheirDocumentedNames() {
        let params = ConnectParams(
            protocolName: "wireguard",
            server: ServerEndpoint(id: "x", hostname: "x.example.net", address: "203.0.113.11", port: 51820, transport: "udp"),
            parameters: ["public_key": "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M="]
        )
        #expect(params.parameter(.publicKey) == "QZ+rhZNTePHXA/Da8RfeSdpqZAcQWmoImVqMBpGDH4M=")
        #expect(params.parameter(.ipsecPSK) == nil)
    }
}
