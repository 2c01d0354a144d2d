import Testing
@testable import VPNConfig

@Suite struct TOMLParserTests {
    @Test func readsKeysTablesAndEveryKindOfString() throws {
        let text = """
            \u{FEFF}# a comment
            bare_key-1 = "basic \\"quoted\\" \\t \\u00E9 \\U0001F600"   # trailing comment
            "quoted key" = 'literal \\n stays'
            dotted.inner = true
            multi = \"\"\"
            first
            second \\
                joined\"\"\"
            raw = '''
            C:\\path'''

            [connection]
            protocol = "auto"
            [connection.nested]
            flag = false
            """
        let table = try TOMLParser.parse(text)
        #expect(table.keys == ["bare_key-1", "quoted key", "dotted", "multi", "raw", "connection"])
        #expect(table["bare_key-1"] == .string("basic \"quoted\" \t é 😀"))
        #expect(table["quoted key"] == .string("literal \\n stays"))
        #expect(table["dotted"]?.table?["inner"] == .bool(true))
        #expect(table["multi"] == .string("first\nsecond joined"))
        #expect(table["raw"] == .string("C:\\path"))
        let connection = try #require(table["connection"]?.table)
        #expect(connection["protocol"] == .string("auto"))
        #expect(connection["nested"]?.table?["flag"] == .bool(false))
    }

    @Test func readsArraysAndInlineTables() throws {
        let table = try TOMLParser.parse("""
            paths = [
              "/a",  # one
              '/b',
            ]
            empty = []
            point = { x = 1, y.z = "two" }
            """)
        #expect(table["paths"] == .array([.string("/a"), .string("/b")]))
        #expect(table["empty"] == .array([]))
        let point = try #require(table["point"]?.table)
        #expect(point["x"] == .integer(1))
        #expect(point["y"]?.table?["z"] == .string("two"))
    }

    @Test(arguments: [
        ("0", Int64(0)), ("+17", 17), ("-17", -17), ("1_000", 1000), ("0xDEAD_beef", 0xDEAD_BEEF),
        ("0o755", 0o755), ("0b1101", 13), ("9223372036854775807", .max), ("-9223372036854775808", .min),
    ])
    func readsIntegers(text: String, expected: Int64) throws {
        #expect(try TOMLParser.parse("n = \(text)")["n"] == .integer(expected))
    }

    @Test(arguments: [
        ("3.14", "float"), ("-1e-3", "float"), ("6.626e-34", "float"), ("inf", "float"), ("-nan", "float"),
        ("1979-05-27", "date"), ("07:32:00", "time"), ("1979-05-27T07:32:00Z", "date-time"),
        ("1979-05-27 07:32:00.999-07:00", "date-time"),
    ])
    func keepsFloatsAndDatesByKind(text: String, kind: String) throws {
        #expect(try TOMLParser.parse("v = \(text)")["v"] == .unused(kind: kind))
    }

    @Test func acceptsWindowsLineEnds() throws {
        let table = try TOMLParser.parse("a = 1\r\n[t]\r\nb = '''x\r\ny'''\r\n")
        #expect(table["a"] == .integer(1))
        #expect(table["t"]?.table?["b"] == .string("x\ny"))
    }

    @Test(arguments: [
        ("a = 1\na = 2", 2, 1, "the key a is given twice"),
        ("[t]\nx = 1\n[t]", 3, 1, "the table [t] is defined twice"),
        ("t = 1\n[t]", 2, 1, "t is already an integer, not a table"),
        ("p = { x = 1 }\np.y = 2", 2, 1, "p is complete as written"),
        ("[[servers]]", 1, 2, "arrays of tables"),
        ("a = \"open", 1, 10, "not closed"),
        ("a = \"x\ny\"", 1, 7, "not closed with \" on its line"),
        ("a = \"\\q\"", 1, 6, "unknown escape \\q"),
        ("a = \"\\u12\"", 1, 6, "4 hex digits"),
        ("a = \"\\uD800\"", 1, 6, "Unicode scalar"),
        ("a = yes", 1, 5, "expected a value"),
        ("a =", 1, 4, "expected a value after ="),
        ("a = = 1", 1, 5, "expected a value"),
        ("a 1", 1, 3, "expected = after the key a"),
        ("a = 1 2", 1, 7, "expected the end of the line"),
        ("n = 9223372036854775808", 1, 5, "not a valid number"),
        ("n = 1__0", 1, 5, "not a valid number"),
        ("n = 012", 1, 5, "not a valid number"),
        ("a = [1 2]", 1, 8, "expected , or ]"),
        ("a = { x = 1\n}", 1, 12, "expected , or }"),
        ("a = { x = 1, x = 2 }", 1, 14, "the key x is given twice"),
        ("= 1", 1, 1, "expected a key"),
        ("a = \"tab\u{01}\"", 1, 9, "control character"),
    ])
    func refusesWhatIsNotTOMLSayingWhereAndWhat(text: String, line: Int, column: Int, message: String) {
        #expect {
            try TOMLParser.parse(text)
        } throws: { error in
            guard let failure = error as? TOMLParser.Failure else { return false }
            return failure.line == line && failure.column == column && failure.message.contains(message)
        }
    }
}
