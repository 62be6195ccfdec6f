import FTZCore
import Foundation
import Storage

/// Consultations of sister departments: the dossier's list (opinions hidden from the
/// applicant), a department's queue, and answering, which returns the dossier to review
/// when the last opinion is in.
extension LicensingService {
    /// The consultations of a dossier. Zone staff and the consulted departments read them
    /// whole; the applicant learns which department was asked, when, by when, and whether it
    /// answered, never the opinion or its text, which are advice to the authority.
    public func consultations(of id: UUID, by actor: Actor) async throws -> [Consultation] {
        _ = try await dossier(id, by: actor)
        let consultations = try await database.read { try await self.consultationRecords.forDossier(id, on: $0) }
        guard Self.readsConsultationOpinions(actor) else { return try await asOfToday(consultations.map(\.withoutOpinion)) }
        return try await asOfToday(consultations)
    }

    static func readsConsultationOpinions(_ actor: Actor) -> Bool {
        !actor.roles.isDisjoint(with: staff) || actor.hasAny(.departmentOfficer, .exchangeClient)
    }

    /// A department's consultations, soonest due first.
    public func consultationQueue(pendingOnly: Bool, page: PageRequest, by actor: Actor) async throws -> Page<Consultation> {
        try actor.require(anyOf: .departmentOfficer, .exchangeClient)
        guard let department = actor.organisationID else { throw Problem.unauthenticated() }
        let today = try await today()
        return try await database.read { try await self.consultationRecords.queue(department: department, pendingOnly: pendingOnly,
                                                                                page: page, on: $0) }.map { Self.dated($0, today: today) }
    }

    public static let opinions: Set<String> = ["agree", "agree_with_conditions", "disagree"]

    /// A department answers; when the last consultation of a dossier is answered, the
    /// dossier returns to review by itself.
    public func answer(consultation id: UUID, opinion: String, text: String, by actor: Actor) async throws -> Consultation {
        // A department answers through its people or its registered information system.
        try actor.require(anyOf: .departmentOfficer, .exchangeClient)
        var validator = FieldValidator()
        validator.check(Self.opinions.contains(opinion), "/opinion", "enum_value",
                        arguments: ["allowed": Self.opinions.sorted().joined(separator: ", ")])
        validator.check(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "/text", "required")
        validator.check(text.schemaLength <= 8000, "/text", "too_long", arguments: ["max": "8000"])
        try validator.finish()
        let now = clock.now()
        return try await database.transaction { tx in
            guard let consultation = try await self.consultationRecords.find(id, on: tx.sql),
                  consultation.departmentID == actor.organisationID
            else { throw Problem.notFound("consultation") }
            guard var dossier = try await self.dossiers.find(consultation.dossierID, on: tx.sql, forUpdate: true) else {
                throw Problem.notFound("consultation")
            }
            guard try await self.consultationRecords.answer(id, opinion: opinion, text: text, by: actor.reference, at: now, on: tx.sql) else {
                throw Problem.conflict("consultation_answered")
            }
            var answered = consultation
            answered.status = .answered
            answered.opinion = opinion
            answered.answer = text
            answered.answeredAt = now
            var events = [LicensingEvents.consultationAnswered(answered, organisation: dossier.organisationID)]
            let remaining = try await self.consultationRecords.forDossier(dossier.id, on: tx.sql).filter { $0.status == .pending }
            if remaining.isEmpty, dossier.status == .inConsultation {
                let expected = dossier.version
                dossier.status = .underReview
                dossier.version += 1
                dossier.updatedAt = now
                guard try await self.dossiers.update(dossier, expectedVersion: expected, on: tx.sql) else { throw Problem.staleVersion() }
                try await self.dossiers.insertEvent(DossierEvent(id: UUID.v7(at: now), at: now, actor: actor.reference,
                                                                 action: "consultations_completed", fromStatus: .inConsultation,
                                                                 toStatus: .underReview, details: [:]),
                                                    dossier: dossier.id, on: tx.sql)
                events.append(LicensingEvents.transition(dossier, action: "consultations_completed", from: .inConsultation, details: [:]))
            }
            try await self.ledger.append(events, by: actor, in: tx)
            return answered
        }
    }
}
