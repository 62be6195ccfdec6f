import FTZCore
import Foundation
import Localization

/// Where a dossier stands, for anyone holding its receipt: the reference and the receipt's
/// code, no sign-in (the national public service portal's lookup). It tells the procedure,
/// the status and the dates, never who applied or what the form says.
public struct PublicDossierStatus: Sendable, Equatable {
    public let reference: String
    public let procedureCode: String
    public let procedureVersion: Int
    public let status: DossierStatus
    public let submittedOn: LocalDate?
    /// The date the result is due; nil while paused for a supplement or once decided.
    public let appointmentOn: LocalDate?
    public let decidedOn: LocalDate?
    public let overdue: Bool
}

extension LicensingService {
    /// The status of the dossier with `reference` whose receipt code is `code`; the same
    /// "not found" whether the reference is unknown or the code wrong, so neither is learnt.
    public func publicStatus(reference typedReference: String, code typedCode: String) async throws -> PublicDossierStatus {
        let reference = typedReference.trimmingCharacters(in: .whitespaces).uppercased()
        var errors: [Problem.FieldError] = []
        if reference.isEmpty { errors.append(.init("reference", "required")) }
        else if reference.count > 64 { errors.append(.init("reference", "too_long", arguments: ["max": "64"])) }
        let code = ReceiptCode.normalised(typedCode)
        if typedCode.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init("code", "required")) }
        else if code == nil { errors.append(.init("code", "receipt_code_format")) }
        guard errors.isEmpty, let code else { throw Problem.invalid(errors) }
        let found = try await database.read { try await self.dossiers.find(reference: reference, on: $0) }
        guard let found, let stored = found.receiptCode,
              ConstantTime.equals(Array(stored.utf8), Array(code.utf8)) else { throw Problem.notFound("dossier") }
        let dossier = try await asOfToday(found)
        return PublicDossierStatus(reference: reference, procedureCode: dossier.procedureCode, procedureVersion: dossier.procedureVersion,
                                   status: dossier.status, submittedOn: dossier.submittedOn, appointmentOn: dossier.appointmentOn,
                                   decidedOn: dossier.decidedOn, overdue: dossier.overdue)
    }
}
