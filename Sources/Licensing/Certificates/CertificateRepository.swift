import FTZCore
import Foundation
import SQLKit

/// SQL for certificates.
struct CertificateRepository {
    private struct Row: Decodable {
        let number: String
        let certificate_type: String
        let dossier_id: UUID
        let organisation_id: UUID
        let content: String
        let signature: Data
        let key_id: String
        let status: String
        let issued_at: Date
        let revoked_at: Date?
        let revocation_reason: String?
        let superseded_by: String?

        var model: Certificate {
            Certificate(number: number, certificateType: certificate_type, dossierID: dossier_id, organisationID: organisation_id,
                        content: content, signature: Array(signature), keyID: key_id,
                        status: Certificate.Status(rawValue: status) ?? .valid, issuedAt: issued_at, revokedAt: revoked_at,
                        revocationReason: revocation_reason, supersededBy: superseded_by)
        }
    }

    private static let columns = """
        number, certificate_type, dossier_id, organisation_id, content, signature, key_id, status, issued_at, revoked_at,
        revocation_reason, superseded_by
        """

    func insert(_ certificate: Certificate, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO certificates (number, certificate_type, dossier_id, organisation_id, content, signature, key_id, status, issued_at)
            VALUES (\(bind: certificate.number), \(bind: certificate.certificateType), \(bind: certificate.dossierID),
                    \(bind: certificate.organisationID), \(bind: certificate.content), \(bind: Data(certificate.signature)),
                    \(bind: certificate.keyID), \(bind: certificate.status.rawValue), \(bind: certificate.issuedAt))
            """).run()
    }

    func held(by organisation: UUID, on sql: any SQLDatabase) async throws -> [Certificate] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM certificates WHERE organisation_id = \(bind: organisation) ORDER BY issued_at")
            .all(decoding: Row.self).map(\.model)
    }

    func find(_ number: String, on sql: any SQLDatabase) async throws -> Certificate? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM certificates WHERE number = \(bind: number)").first(decoding: Row.self)?.model
    }

    func markRevoked(_ number: String, reason: String, at time: Date, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE certificates SET status = 'revoked', revoked_at = \(bind: time), revocation_reason = \(bind: reason)
            WHERE number = \(bind: number) AND status = 'valid' RETURNING number
            """).all()).isEmpty
    }

    func markSuperseded(_ number: String, by successor: String, on sql: any SQLDatabase) async throws -> Bool {
        !(try await sql.raw("""
            UPDATE certificates SET status = 'superseded', superseded_by = \(bind: successor)
            WHERE number = \(bind: number) AND status = 'valid' RETURNING number
            """).all()).isEmpty
    }
}
