import FTZCore
import Foundation
import Storage
import TestSupport
import Testing
@testable import TradeData

@Suite("Monitoring: alert rules, lifecycle and the live stream")
struct MonitoringTests {
    /// A container leaves the port only once customs shows it eligible to pass the supervised
    /// area (VASSCM, reference F12.2): a released declaration alone does not let it out, a
    /// held status after eligibility stops it again, and eligibility before the gate-out does.
    @Test(arguments: TestDatabase.kinds)
    func aGateOutBeforeCustomsShowsTheContainerEligibleRaisesOneAlert(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            _ = try await f.service.ingestDeclarations([TradeFixture.declaration(status: "released", containers: ["MSKU1234565"])], by: f.customsFeed)
            let events = [TradeFixture.event("GTIN", at: "2026-03-02T09:00:00+07:00"),
                          TradeFixture.event("GTOT", at: "2026-03-02T15:00:00+07:00", facility: "FTZG1")]
            let report = try await f.service.ingestEvents(events, by: f.terminalFeed)
            #expect(report.alerts.map(\.ruleCode) == ["GATE-OUT-WITHOUT-RELEASE"], "released, but never shown eligible to pass")
            #expect(report.alerts[0].organisationID == f.investorOrganisation, "the event is linked through the declaration")
            #expect(report.alerts[0].details["supervision"] == "none")

            // Eligible at 10:00, held again at 11:00 (customs called it back): a 12:00 gate-out is flagged.
            _ = try await f.service.ingestDeclarations([TradeFixture.declaration("104512345670", containers: ["TGHU1643396"])], by: f.customsFeed)
            let statuses = try await f.service.ingestSupervision([
                TradeFixture.supervision("TGHU1643396", declaration: "104512345670", at: "2026-03-02T10:00:00+07:00"),
                TradeFixture.supervision("TGHU1643396", declaration: "104512345670", status: "held", at: "2026-03-02T11:00:00+07:00"),
            ], by: f.customsFeed)
            #expect(statuses.count(.accepted) == 2)
            let held = try await f.service.ingestEvents([
                TradeFixture.event("GTIN", "TGHU1643396", at: "2026-03-02T09:00:00+07:00"),
                TradeFixture.event("GTOT", "TGHU1643396", at: "2026-03-02T12:00:00+07:00", facility: "FTZG2"),
            ], by: f.terminalFeed)
            #expect(held.alerts.map(\.ruleCode) == ["GATE-OUT-WITHOUT-RELEASE"] && held.alerts[0].details["supervision"] == "held"
                && held.alerts[0].declarationNumber == "104512345670")

            // Eligible again at 13:00: the 14:00 gate-in/15:00 gate-out of a third box under it passes.
            _ = try await f.service.ingestDeclarations([TradeFixture.declaration("104512345671", containers: ["CSQU3054383"])], by: f.customsFeed)
            _ = try await f.service.ingestSupervision([TradeFixture.supervision("CSQU3054383", declaration: "104512345671",
                                                                                at: "2026-03-02T13:00:00+07:00")], by: f.customsFeed)
            let eligible = try await f.service.ingestEvents([
                TradeFixture.event("GTIN", "CSQU3054383", at: "2026-03-02T09:30:00+07:00"),
                TradeFixture.event("GTOT", "CSQU3054383", at: "2026-03-02T15:00:00+07:00", facility: "FTZG2"),
            ], by: f.terminalFeed)
            #expect(eligible.alerts.isEmpty)
            #expect(try await f.ledgerActions().filter { $0 == "trade.alert.opened" }.count == 2)
        }
    }

    /// The supervision feed is customs' alone; a resend is a duplicate, other content for the
    /// same status a conflict; a transit without a positioning e-seal is refused, naming it.
    @Test(arguments: TestDatabase.kinds)
    func supervisionStatusesAreValidatedAndDeduplicated(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let status = TradeFixture.supervision(at: "2026-03-02T10:00:00+07:00", customsSeal: "VNES000123", transitTo: "VNHPH")
            #expect(try await f.service.ingestSupervision([status], by: f.customsFeed).count(.accepted) == 1)
            #expect(try await f.service.ingestSupervision([status], by: f.customsFeed).count(.duplicate) == 1)
            let changed = TradeFixture.supervision(at: "2026-03-02T10:00:00+07:00", customsSeal: "VNES000999")
            #expect(try await f.service.ingestSupervision([changed], by: f.customsFeed).count(.rejected) == 1)
            let unsealedTransit = TradeFixture.supervision("TGHU1643396", at: "2026-03-02T10:00:00+07:00", transitTo: "VNHPH")
            let refused = try await f.service.ingestSupervision([unsealedTransit], by: f.customsFeed)
            #expect(refused.records.first?.errors.map(\.pointer) == ["/records/0/customsSeal"])
            await #expect(throws: Problem.self) { try await f.service.ingestSupervision([status], by: f.terminalFeed) }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func impossibleSequencesAreFoundEvenWhenEventsArriveLate(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            _ = try await f.service.ingestEvents([TradeFixture.event("DISC", at: "2026-03-02T12:00:00+07:00")], by: f.terminalFeed)
            // The gate-out that happened before the discharge arrives later.
            let late = try await f.service.ingestEvents([TradeFixture.event("GTOT", at: "2026-03-02T10:00:00+07:00", facility: "FTZG1"),
                                                         TradeFixture.event("GTIN", at: "2026-03-01T10:00:00+07:00")], by: f.terminalFeed)
            let sequence = try #require(late.alerts.first { $0.ruleCode == "IMPOSSIBLE-SEQUENCE" })
            #expect(sequence.details["reason"] == "discharge_after_gate_out")
            let twice = try await f.service.ingestEvents([TradeFixture.event("GTIN", "TGHU1643396", at: "2026-03-02T08:00:00+07:00"),
                                                          TradeFixture.event("GTIN", "TGHU1643396", at: "2026-03-02T09:00:00+07:00")],
                                                         by: f.terminalFeed)
            #expect(twice.alerts.first?.details["reason"] == "second_gate_in")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func dwellTimeIsCheckedOnIngestAndOnSchedulePerCargoType(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            // The clock reads 2 March 2026 09:00 in Hai Phong. A reefer in since 27 February: 72 h passed.
            let reefer = try await f.service.ingestEvents([TradeFixture.event("GTIN", at: "2026-02-27T08:00:00+07:00", iso: "45R1")],
                                                          by: f.terminalFeed)
            #expect(reefer.alerts.map(\.ruleCode) == ["DWELL-TIME"] && reefer.alerts[0].details["cargoType"] == "reefer")
            // A general box in since this morning: fine now, over 168 h a week later.
            _ = try await f.service.ingestEvents([TradeFixture.event("GTIN", "TGHU1643396", at: "2026-03-02T07:00:00+07:00")], by: f.terminalFeed)
            #expect(try await f.service.evaluateDwellTimes().isEmpty)
            f.clock.advance(by: 8 * 86_400)
            let scheduled = try await f.service.evaluateDwellTimes()
            #expect(scheduled.map(\.containerNumber) == ["TGHU1643396"])
            #expect(try await f.service.evaluateDwellTimes().isEmpty, "one open alert per container")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func goodsOutsideTheLicensedActivitiesRaiseAnAlert(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let report = try await f.service.ingestDeclarations([TradeFixture.declaration("104500000001", chapter: "0302"),
                                                                 TradeFixture.declaration("104500000002", chapter: "8504")], by: f.customsFeed)
            #expect(report.alerts.map(\.declarationNumber) == ["104500000001"])
            #expect(report.alerts[0].details["chapters"] == [3])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func alertsAreAcknowledgedAndClosedOnceUnderIfMatch(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let report = try await f.service.ingestEvents([TradeFixture.event("GTOT", at: "2026-03-02T08:00:00+07:00", facility: "FTZG1")],
                                                          by: f.terminalFeed)
            let alert = try #require(report.alerts.first)
            await #expect(throws: Problem.staleVersion()) {
                try await f.service.act(.acknowledge, on: alert.id, comment: nil, expectedVersion: 0, by: f.officer)
            }
            let acknowledged = try await f.service.act(.acknowledge, on: alert.id, comment: "Đang kiểm tra", expectedVersion: 1, by: f.officer)
            #expect(acknowledged.status == .acknowledged)
            #expect(acknowledged.version == 2)
            #expect(acknowledged.sequence > alert.sequence)
            await #expect(throws: Problem.self) { try await f.service.act(.close, on: alert.id, comment: nil, expectedVersion: 1, by: f.officer) }
            let closed = try await f.service.act(.close, on: alert.id, comment: "Tờ khai đã thông quan", expectedVersion: 2, by: f.officer)
            #expect(closed.status == .closed && closed.comment == "Tờ khai đã thông quan")
            do {
                _ = try await f.service.act(.acknowledge, on: alert.id, comment: nil, expectedVersion: 3, by: f.officer)
                Issue.record("a closed alert was acknowledged")
            } catch let problem as Problem {
                #expect(problem.status == .conflict && problem.allowed == [])
            }
            await #expect(throws: Problem.self) { try await f.service.act(.close, on: alert.id, comment: nil, expectedVersion: 3, by: f.investor) }
            #expect(try await f.ledgerActions().suffix(2) == ["trade.alert.acknowledged", "trade.alert.closed"])
        }
    }

    /// The board a person works lists the gravest first, the newest first within a
    /// severity, and pages through all of them, a severity outside the usual three last.
    @Test(arguments: TestDatabase.kinds)
    func theBoardListsTheGravestAlertsFirstAndPagesThroughEveryOne(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            let opened = [("medium", 1), ("high", 2), ("low", 3), ("high", 4), ("critical", 5), ("medium", 6)]
            try await f.database.transaction { tx in
                for (severity, minute) in opened {
                    let at = testEpoch.addingTimeInterval(Double(minute) * 60)
                    let alert = Alert(id: UUID.v7(at: at), ruleCode: "DWELL-TIME", kind: .dwellTime, severity: severity,
                                      subject: "subject-\(minute)", containerNumber: nil, declarationNumber: nil, organisationID: nil,
                                      status: .open, details: .object([:]), openedAt: at, version: 1, sequence: Int64(minute))
                    let inserted = try await AlertRepository().insertIfNew(alert, on: tx.sql)
                    #expect(inserted)
                }
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await f.service.alertsGravestFirst(status: .open, page: try PageRequest(limit: 4, cursor: cursor), by: f.officer)
                seen += page.items.map(\.subject)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ["subject-4", "subject-2", "subject-6", "subject-1", "subject-3", "subject-5"])
            await #expect(throws: Problem.self) {
                try await f.service.alertsGravestFirst(status: .open, page: try PageRequest(limit: 4, cursor: "9.x"), by: f.officer)
            }
            await #expect(throws: Problem.self) {
                try await f.service.alertsGravestFirst(status: .open, page: try PageRequest(limit: 4), by: f.investor)
            }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func theStreamResumesAfterTheLastPositionSeen(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            _ = try await f.service.ingestEvents([TradeFixture.event("GTIN", at: "2026-03-02T08:00:00+07:00"),
                                                  TradeFixture.event("GTOT", at: "2026-03-02T09:00:00+07:00", facility: "FTZG1")], by: f.terminalFeed)
            let all = try await f.service.stream(after: 0, by: f.officer)
            #expect(all.count == 3 && all.map(\.sequence) == all.map(\.sequence).sorted())
            guard case .alert = all.last else { Issue.record("the alert follows the events that raised it"); return }
            let resumed = try await f.service.stream(after: all[0].sequence, by: f.officer)
            #expect(resumed.map(\.sequence) == Array(all.dropFirst()).map(\.sequence))
            #expect(try await f.service.stream(after: all.last!.sequence, by: f.officer).isEmpty)
            await #expect(throws: Problem.self) { try await f.service.stream(after: 0, by: f.investor) }
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anEnterpriseSeesItsOwnTradeSummaryOnly(kind: DatabaseKind) async throws {
        try await TradeFixture.with(kind) { f in
            _ = try await f.service.ingestDeclarations([TradeFixture.declaration(), TradeFixture.declaration("104500000003", channel: "yellow")],
                                                       by: f.customsFeed)
            _ = try await f.service.ingestEvents([TradeFixture.event("GTIN", at: "2026-03-02T08:00:00+07:00")], by: f.terminalFeed)
            let mine = try await f.service.summary(of: f.investorOrganisation, by: f.investor)
            #expect(mine.declarations == 2 && mine.byChannel == ["green": 1, "yellow": 1] && mine.containersInZone == 1)
            #expect(mine.value.map(\.total.amount) == ["250000.00"] && mine.topChapters.first?.chapter == 85)
            await #expect(throws: Problem.self) { try await f.service.summary(of: UUID(), by: f.investor) }
            #expect(try await f.service.summary(of: f.investorOrganisation, by: f.officer).declarations == 2)
            #expect(try await f.service.channelShares() == ["green": 50, "yellow": 50])
        }
    }
}
