import FTZCore
import Foundation
import Testing

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_772_416_800.123)) == "2026-03-02T02:00:00.123Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
    }

    @Test func parsesOffsetsAndFractions() {
        #expect(RFC3339.parse("2026-03-02T09:00:00+07:00") == Date(timeIntervalSince1970: 1_772_416_800))
        #expect(RFC3339.parse("2026-03-02T02:00:00Z") == Date(timeIntervalSince1970: 1_772_416_800))
        #expect(abs(RFC3339.parse("2026-03-02T02:00:00.5Z")!.timeIntervalSince1970 - 1_772_416_800.5) < 1e-6)
        for bad in ["2026-03-02", "2026-13-02T00:00:00Z", "2026-03-02T25:00:00Z", "2026-03-02T02:00:00", "2026-03-02T02:00:00.Z",
                    "2026-03-02T02:00:00+0700", "x026-03-02T02:00:00Z"] {
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func roundTripsAcrossCenturies() {
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 123_456_789.0) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.parse(RFC3339.format(date)) == date)
        }
    }
}
