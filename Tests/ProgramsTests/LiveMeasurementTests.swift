import FTZCore
import Foundation
import Localization
import Programs
import Storage
import Testing
import TestSupport

/// A live figure says how many things it was computed over and what its breakdown's keys
/// are, and says why it is missing by a code the pages word in the reader's language; an
/// indicator with a target but no baseline is named "no baseline", never "no target".
@Suite("Live figures with their samples")
struct LiveMeasurementTests {
    @Test(arguments: TestDatabase.kinds)
    func theOnlineShareCountsTheDossiersFiledOnlineAndOnPaper(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            f.environment.measurements.withLock { $0["licensing.filed_last_year"] = .value(30) }
            let desk = try await f.indicator("P10-DESK-FILINGS")
            for (start, end, value) in [("2026-02-01", "2026-02-28", 10.0), ("2024-01-01", "2024-01-31", 500)] {
                // The second is older than a year: neither in the share nor in its sample.
                let paper = try await f.service.submitReport(
                    for: desk.id, .init(value: value, periodStart: LocalDate(start)!, periodEnd: LocalDate(end)!), by: f.zoneDesk)
                _ = try await f.service.review(paper.id, accept: true, comment: nil, by: f.office)
            }
            let share = try await f.progress("P10-ONLINE-SHARE")
            #expect(share.assessment.actual == 75)
            #expect(share.live?.sample == .init(40, of: .filedDossiers), "30 online and 10 on paper")
            #expect(share.live?.breakdownBy == .filingChannel)
            #expect(share.live?.breakdown.map(\.key) == ["online", "paper"] && share.live?.breakdown.map(\.value) == [30, 10])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aMissingFigureSaysWhyByACode(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            f.environment.measurements.withLock {
                $0["licensing.filed_last_year"] = .value(0)
                $0["customs.channel_share"] = .unavailable(.noDeclaration)
            }
            let share = try await f.progress("P10-ONLINE-SHARE")
            #expect(share.live?.value == nil && share.live?.unavailable == .noFiling && share.live?.sample == nil)
            #expect(share.assessment.status == .noData && share.statusKey == "progress.no_data")
            #expect(try await f.progress("P10-CUSTOMS-CHANNELS").live?.unavailable == .noDeclaration)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aTargetWithoutABaselineIsNamedNoBaselineNeverNoTarget(kind: DatabaseKind) async throws {
        try await ProgrammeFixture.with(kind) { f in
            f.environment.measurements.withLock {
                $0["licensing.on_time_rate"] = .value(96, sample: .init(25, of: .decidedDossiers))
                $0["customs.channel_share"] = LiveMeasurement(
                    value: 50, breakdown: [.init(key: "green", value: 50), .init(key: "red", value: 50)], by: .customsChannel,
                    sample: .init(4, of: .declarations))
            }
            let onTime = try await f.progress("P10-ON-TIME-RATE")
            #expect(onTime.indicator.target != nil && onTime.indicator.baseline == nil)
            #expect(onTime.assessment.status == .noTarget, "the API's status keeps its meaning: no trajectory")
            #expect(onTime.statusKey == "progress.no_baseline")
            #expect(onTime.live?.sample == .init(25, of: .decidedDossiers))
            let channels = try await f.progress("P10-CUSTOMS-CHANNELS")
            #expect(channels.indicator.target == nil && channels.statusKey == "progress.no_target")
            #expect(channels.live?.breakdownBy == .customsChannel && channels.live?.sample?.size == 4)
            // A reported indicator with a target and no baseline, once measured.
            try await f.accepted("P01-GDP-SHARE", 7, month: "2026-01")
            #expect(try await f.progress("P01-GDP-SHARE").statusKey == "progress.no_baseline")
        }
    }

    /// Every code a live figure carries has its words in all five languages.
    @Test func everyCodeHasItsTextsInFiveLanguages() {
        let catalogue = MessageCatalogue.bundled
        let keys = LiveMeasurement.Unavailable.allCases.map { "programmes.unavailable.\($0.rawValue)" }
            + LiveMeasurement.Population.allCases.map { "programmes.sample.\($0.rawValue)" }
            + ProgressRule.Status.allCases.map { "progress.\($0.rawValue)" }
            + ["progress.no_baseline", "programmes.filing.online", "programmes.filing.paper", "programmes.model_version",
               "programmes.sector.unclassified", "programmes.sector.division"]
        for key in keys {
            for language in Language.allCases {
                #expect(catalogue.has(key, in: language), "\(key) has no \(language.rawValue) text")
            }
        }
        #expect(catalogue.text("programmes.sample.declarations", .ja, ["count": "460"]) == "n = 460件（税関申告）")
        #expect(catalogue.text("programmes.sample.declarations", .en, ["count": "1"]) == "n = 1 customs declaration")
    }

    @Test func theSeededProgrammesStateTheirExpectedResultsInFiveLanguages() async throws {
        try await ProgrammeFixture.with(.sqlite) { f in
            for programme in try await f.service.programmes() {
                #expect(programme.expectedResults.missingLanguages.isEmpty, "programme \(programme.number)")
                #expect(TranslationAudit.problems(in: programme.expectedResults).isEmpty, "programme \(programme.number)")
            }
        }
    }
}
