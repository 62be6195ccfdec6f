import Licensing
import Storage
import Testing
import TestSupport

@Suite("Register fields are catalogue data")
struct RegisterFieldTests {
    /// What a certificate registers is catalogue data: another zone names its own procedures.
    @Test(arguments: TestDatabase.kinds)
    func theRegisterFieldsComeFromTheCatalogue(kind: DatabaseKind) async throws {
        try await LicensingFixture.with(kind) { f in
            let capital = try await f.service.catalogue.capitalFields()
            #expect(capital.map(\.procedure) == ["FTZ-ENTERPRISE-REG", "IRC-NEW", "IRC-SPECIAL-PROCEDURE"])
            #expect(capital.map(\.field) == ["charterCapital", "totalCapital", "totalCapital"])
            #expect(try await f.service.catalogue.investmentProjectProcedures() == ["IRC-NEW", "IRC-SPECIAL-PROCEDURE"],
                    "policy approval records no project; the special procedure's IRC does")
            #expect(f.service.catalogue.catalogue.zone.referenceInfix == "HS")
        }
    }
}
