import Foundation
import Testing
@testable import Directory

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2026-11-25T10:00:00Z", 1_795_600_800), ("2026-11-25T12:00:00+02:00", 1_795_600_800),
        ("2024-02-29T23:59:59.5Z", 1_709_251_199.5), ("1969-12-31T23:00:00-01:00", 0),
    ])
    func parses(_ text: String, _ seconds: Double) {
        #expect(RFC3339.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["2026-11-25", "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T10:00:00", "2026-11-25T10:00:00+2:00", "2026-11-25T10:00:00Zjunk"])
    func rejects(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formatsWhatItParses() {
        let date = Date(timeIntervalSince1970: 1_795_600_800)
        #expect(RFC3339.format(date) == "2026-11-25T10:00:00Z")
        #expect(RFC3339.parse(RFC3339.format(date)) == date)
    }
}
