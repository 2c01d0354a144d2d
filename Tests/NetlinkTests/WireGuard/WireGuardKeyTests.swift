import Testing
@testable import Netlink

@Suite struct WireGuardKeyTests {
    let base64 = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="

    @Test func publicKeysRoundTripThroughBase64() throws {
        let key = try #require(WireGuardPublicKey(base64: base64))
        #expect(key.bytes.count == 32)
        #expect(key.base64 == base64)
        #expect("\(key)" == base64)
    }

    @Test func malformedBase64IsRefused() {
        #expect(WireGuardPublicKey(base64: "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk") == nil)  // no padding
        #expect(WireGuardPublicKey(base64: "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBm==") == nil) // 31 bytes
        #expect(WireGuardPublicKey(base64: "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmm=") == nil) // stray bits
        #expect(WireGuardPublicKey(base64: "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBm!=") == nil)
        #expect(WireGuardPublicKey(bytes: [UInt8](repeating: 1, count: 31)) == nil)
    }

    @Test func base64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func privateKeysNeverPrintTheirBytes() throws {
        let key = try #require(WireGuardPrivateKey(base64: base64))
        let renderings = ["\(key)", String(describing: key), String(reflecting: key), "\([key])", "\(Optional(key) as Any)",
                          dumped(key), "\(WireGuardDeviceUpdate(interface: .name("wg0"), privateKey: key))"]
        for text in renderings {
            #expect(!text.contains(base64), "leaked in: \(text)")
            #expect(!text.contains("yAnz5"), "leaked in: \(text)")
        }
        #expect("\(key)".contains("redacted"))
        #expect(key.secretBase64 == base64)
    }

    @Test func presharedKeysAreRedactedToo() throws {
        let key = try #require(WireGuardPresharedKey(base64: base64))
        #expect(!"\(key)".contains("yAnz5"))
        #expect(!String(reflecting: key).contains("yAnz5"))
        #expect(!dumped(key).contains("200"))  // first byte, 0xc8
    }

    /// A SET_DEVICE request holds the private key in its payload; printing it must not show it.
    @Test func requestsCarryingKeysPrintOnlyTheirShape() throws {
        let key = try #require(WireGuardPrivateKey(bytes: [UInt8](repeating: 0xAA, count: 32)))
        let request = try #require(try WireGuardMessages.setDevice(WireGuardDeviceUpdate(interface: .name("wg0"), privateKey: key),
                                                                    familyID: 0x1B).first)
        for text in ["\(request)", String(reflecting: request), dumped(request), "\([request])"] {
            #expect(!text.contains("170"), "leaked in: \(text)")
        }
        #expect("\(request)" == "NetlinkRequest(type 27, flags 0x5, 64 bytes)")
    }

    @Test func secretKeysCompareByValue() throws {
        #expect(WireGuardPrivateKey(base64: base64) == WireGuardPrivateKey(base64: base64))
        #expect(WireGuardPrivateKey(bytes: [UInt8](repeating: 1, count: 32)) != WireGuardPrivateKey(bytes: [UInt8](repeating: 2, count: 32)))
    }

    private func dumped(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
