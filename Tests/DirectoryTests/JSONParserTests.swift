import Testing
@testable import Directory

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(Array(#"{"a": [1, -2.5e1, true, false, null], "b": {"c": "d\u00fc\n\ud83d\ude00"}}"#.utf8))
        guard case let .object(root) = value, case let .array(items)? = root["a"], case let .object(inner)? = root["b"] else {
            Issue.record("wrong shape: \(value)")
            return
        }
        #expect(items == [.number(1), .number(-25), .bool(true), .bool(false), .null])
        #expect(inner["c"] == .string("dü\n😀"))
        #expect(root.keys == ["a", "b"])
    }

    @Test(arguments: [
        ("", "ends too early"), ("{", "ends too early"), ("[1,]", "expected a value"), ("{\"a\" 1}", "expected ':'"),
        ("01", "after the end"), ("1.", "malformed number"), ("-", "ends too early"), ("\"\\x\"", "malformed escape"),
        ("\"\\ud800\"", "malformed escape"), ("tru", "ends too early"), ("nul1", "expected null"), ("{\"a\":1,\"a\":2}", "appears twice"),
        ("1e999", "malformed number"), ("[1] x", "after the end"),
    ])
    func rejects(_ text: String, _ fragment: String) {
        do {
            _ = try JSONParser.parse(Array(text.utf8))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(fragment), "\(text): \(error)")
        }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try JSONParser.parse(Array("{\n  \"a\": 1,\n  \"b\": ?\n}".utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
        }
    }
}
