import FTZCore
import Foundation

/// Whether dossiers and consultations are overdue, judged once, on the zone's today, by
/// the service that answers; every presentation (the API, the web console) shows that.
extension LicensingService {
    func today() async throws -> LocalDate { try await catalogue.today() }

    func asOfToday(_ dossier: Dossier) async throws -> Dossier {
        Self.dated(dossier, today: try await today())
    }

    func asOfToday(_ consultation: Consultation) async throws -> Consultation {
        Self.dated(consultation, today: try await today())
    }

    func asOfToday(_ consultations: [Consultation]) async throws -> [Consultation] {
        let today = try await today()
        return consultations.map { Self.dated($0, today: today) }
    }

    static func dated(_ dossier: Dossier, today: LocalDate) -> Dossier {
        var dated = dossier
        dated.overdue = dossier.isOverdue(today: today)
        return dated
    }

    static func dated(_ consultation: Consultation, today: LocalDate) -> Consultation {
        var dated = consultation
        dated.overdue = consultation.isOverdue(today: today)
        return dated
    }
}
