import DataExchange
import FTZCore
import Foundation
import Storage
import Testing
import TestSupport

/// A department's query, decided by grant and purpose, answered with the granted fields
/// only, journalled in the ledger whether allowed or not.
@Suite struct ExchangeQueryTests {
    @Test(arguments: TestDatabase.kinds)
    func anAnswerCarriesOnlyTheGrantedFields(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            try await fixture.grant("enterprise-register", fields: ["name", "taxCode", "licensed"])
            let answer = try await fixture.query("enterprise-register")
            guard case .object(let body) = answer.body, case .array(let records)? = body["records"] else {
                Issue.record("the answer has no records: \(answer.body)")
                return
            }
            #expect(records.count == 1)
            guard case .object(let record)? = records.first else { return }
            #expect(Set(record.keys) == ["name", "taxCode", "licensed"])
            #expect(record["name"] == .string("Công ty TNHH Cảng Xanh"))
            #expect(record["licensed"] == .bool(true))
            #expect(body["fields"] == .array(["licensed", "name", "taxCode"].map(JSONValue.string)))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func twoGrantsForTheSamePurposeAddUpTheirFields(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            try await fixture.grant("customs-aggregates", fields: ["declarations"])
            try await fixture.grant("customs-aggregates", fields: ["byChannel"])
            try await fixture.grant("customs-aggregates", fields: ["value"], purposes: ["statistics"])
            let answer = try await fixture.query("customs-aggregates")
            guard case .object(let body) = answer.body, case .array(let records)? = body["records"], case .object(let record)? = records.first
            else {
                Issue.record("no record in \(answer.body)")
                return
            }
            #expect(Set(record.keys) == ["declarations", "byChannel"], "the statistics grant's field is not for customs control")
            #expect(record["declarations"] == .integer(3))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aCertificateIsAskedForByNumberAndNamesItsHolder(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            try await fixture.grant("certificate-validity", fields: ["status", "holderTaxCode"])
            let answer = try await fixture.query("certificate-validity", subject: ExchangeFixture.certificateNumber)
            guard case .object(let body) = answer.body, case .array(let records)? = body["records"], case .object(let record)? = records.first
            else {
                Issue.record("no record in \(answer.body)")
                return
            }
            #expect(record["status"] == .string("active"))
            #expect(record["holderTaxCode"] == .string(ExchangeFixture.taxCode))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func withoutAGrantTheQueryIsRefusedAndTheRefusalJournalled(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            let refusal = await #expect(throws: Problem.self) { try await fixture.query("enterprise-register") }
            #expect(refusal?.code == "exchange_not_granted")
            let journal = try await fixture.journal()
            #expect(journal.count == 1)
            #expect(journal.first?.outcome == .denied)
            #expect(journal.first?.reason == "no_grant")
            #expect(journal.first?.ledgerIndex != nil, "a refusal is evidence in the ledger too")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aGrantForAnotherPurposeDoesNotOpenTheService(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            try await fixture.grant("enterprise-register", fields: ["name"], purposes: ["tax-assessment"])
            let refusal = await #expect(throws: Problem.self) { try await fixture.query("enterprise-register") }
            #expect(refusal?.code == "exchange_purpose_not_granted")
            #expect(try await fixture.journal().first?.reason == "purpose_not_granted")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anExpiredOrRevokedGrantNoLongerAnswers(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            let revoked = try await fixture.grant("enterprise-register", fields: ["name"])
            try await fixture.grant("customs-aggregates", fields: ["declarations"], days: 1)
            _ = try await fixture.exchange.revoke(grant: revoked.id, by: ExchangeFixture.administrator)
            fixture.clock.advance(by: 2 * 86_400)
            for service in ["enterprise-register", "customs-aggregates"] {
                let refusal = await #expect(throws: Problem.self) { try await fixture.query(service) }
                #expect(refusal?.code == "exchange_not_granted", "\(service)")
            }
            let reasons = try await fixture.journal().map(\.reason)
            #expect(reasons == ["grant_inactive", "grant_inactive"])
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anAllowedQueryIsJournalledWithTheFieldsItReceived(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            try await fixture.grant("enterprise-register", fields: ["name", "country"])
            let answer = try await fixture.query("enterprise-register", official: "Trần Thị Bình")
            let journal = try await fixture.journal()
            #expect(journal.count == 1)
            let record = try #require(journal.first)
            #expect(record.id == answer.queryID)
            #expect(record.outcome == .allowed)
            #expect(record.fields == ["country", "name"])
            #expect(record.official == "Trần Thị Bình")
            #expect(record.subsystem == fixture.subsystem.identifier)
            let index = try #require(answer.ledgerIndex)
            let entry = try #require(try await fixture.reader.entry(at: index))
            #expect(entry.organisationID == fixture.enterpriseID, "the enterprise concerned can find the query in its tracker")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func malformedQueriesAreRefusedBeforeAnythingIsJournalled(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            try await fixture.grant("enterprise-register", fields: ["name"])
            let unknownPurpose = await #expect(throws: Problem.self) { try await fixture.query("enterprise-register", purpose: "curiosity") }
            #expect(unknownPurpose?.fieldErrors.map(\.reason) == ["purpose_unknown"])
            let badSubject = await #expect(throws: Problem.self) { try await fixture.query("enterprise-register", subject: "not-a-tax-code") }
            #expect(badSubject?.fieldErrors.map(\.reason) == ["tax_code.format"])
            let noOfficial = await #expect(throws: Problem.self) { try await fixture.query("enterprise-register", official: nil) }
            #expect(noOfficial?.fieldErrors.map(\.reason) == ["required"])
            #expect(try await fixture.journal().isEmpty)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aGrantOffersOnlyFieldsTheCatalogueLists(kind: DatabaseKind) async throws {
        try await ExchangeFixture.with(kind) { fixture in
            let refusal = await #expect(throws: Problem.self) { try await fixture.grant("enterprise-register", fields: ["name", "password"]) }
            #expect(refusal?.fieldErrors.map(\.pointer) == ["/fields/1"])
            #expect(refusal?.fieldErrors.map(\.reason) == ["field_unknown"])
        }
    }
}
