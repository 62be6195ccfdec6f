import FTZCore
import Foundation

/// The licensing register as other agencies receive it through the exchange, which
/// authorises each query by grant: so these reads take no actor.
extension LicensingService {
    public func certificateRecord(_ number: String) async throws -> Certificate? {
        try await database.read { try await self.certificates.find(number, on: $0) }
    }

    public func certificates(heldBy organisation: UUID) async throws -> [Certificate] {
        try await database.read { try await self.certificates.held(by: organisation, on: $0) }
    }

    /// An investment project as its issued Investment Registration Certificate records it.
    public struct InvestmentProject: Sendable, Equatable {
        public let certificateNumber: String?
        public let projectName: String?
        public let sector: String?
        public let vsicCode: String?
        public let totalCapital: JSONValue?
        public let investorCountry: String?
        public let issuedOn: LocalDate?
    }

    public func investmentProjects(of organisation: UUID) async throws -> [InvestmentProject] {
        let procedures = try await catalogue.investmentProjectProcedures()
        let rows = try await database.read { sql in
            try await self.reports.issuedForms(procedures: procedures, organisation: organisation, on: sql)
        }
        return rows.map { row in
            let form = (try? JSONValue(parsing: Array(row.form.utf8))) ?? [:]
            return InvestmentProject(certificateNumber: row.certificate_number, projectName: form["projectName"]?.stringValue,
                                     sector: form["sector"]?.stringValue, vsicCode: form["vsicCode"]?.stringValue, totalCapital: form["totalCapital"],
                                     investorCountry: form["investorCountry"]?.stringValue, issuedOn: row.decided_on.map(LocalDate.init(dayNumber:)))
        }
    }
}
