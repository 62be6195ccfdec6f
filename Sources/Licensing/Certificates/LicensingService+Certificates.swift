import Crypto
import DocumentSigning
import FTZCore
import Foundation
import Localization
import Ledger
import Storage

/// Certificates: issuing one when a dossier is decided (numbered from the dossier
/// counters, inside the transition's transaction), reading, public verification and
/// revocation. Reads and writes the certificate repository; the counter is the one shared
/// sequence table, reached through the dossier repository.
extension LicensingService {
    /// Numbers, signs and stores the certificate of an approved dossier, inside the
    /// caller's transaction; an amendment supersedes the certificate it amends.
    func issueCertificate(for dossier: Dossier, procedure: Procedure, by actor: Actor, in tx: Transaction) async throws -> Certificate {
        let calendar = try await catalogue.calendar()
        let now = clock.now()
        let today = calendar.localDate(of: now)
        let zone = catalogue.catalogue.zone
        let sequence = try await dossiers.nextNumber(in: "CERTIFICATE:\(procedure.certificateType):\(today.year)", on: tx.sql)
        let number = "\(zone.referencePrefix)-\(procedure.certificateType)-\(today.year)-\(Self.pad(sequence))"
        guard let holder = try await directory.organisation(dossier.organisationID) else { throw Problem.notFound("organisation") }

        var supersedes: String?
        var revokes: String?
        // A certificate this system issued is checked and superseded or revoked here; one
        // issued before or elsewhere (a national project code, another body's work-permit
        // number) is carried in the content, since there is no record of it to change.
        // The project code is kept for the project's life (reference F9.1).
        var projectCode: String?
        var previousNumber: String?
        if procedure.supersedes || procedure.revokes == true, let previous = dossier.form["certificateNumber"]?.stringValue {
            if previous.hasPrefix("\(zone.referencePrefix)-") {
                guard let old = try await certificates.find(previous, on: tx.sql), old.organisationID == dossier.organisationID,
                      old.status == .valid
                else { throw Problem.conflict("certificate_not_supersedable", arguments: ["number": previous]) }
                if procedure.revokes == true { revokes = previous } else { supersedes = previous }
                projectCode = old.contentValue["projectCode"]?.stringValue
            } else {
                previousNumber = previous
                if Certificate.isNationalProjectCode(previous) { projectCode = previous }
            }
        }
        let content: JSONValue = [
            "number": .string(number),
            "type": .string(procedure.certificateType),
            "zone": .string(zone.code),
            "issuer": .string(zone.authority.text(.vi)),
            "issuedOn": .string(today.description),
            "issuedAt": .string(RFC3339.format(now)),
            "dossierReference": .optional(dossier.reference),
            "procedure": ["code": .string(procedure.code), "version": .integer(Int64(procedure.version))],
            "holder": ["organisationId": .string(holder.id.lowercasedString), "name": .string(holder.name),
                       "nameLatin": .optional(holder.nameLatin), "taxCode": .optional(holder.taxCode), "country": .string(holder.country)],
            "form": dossier.form,
            "supersedes": .optional(supersedes),
            "revokes": .optional(revokes),
            "previousNumber": .optional(previousNumber),
            "projectCode": .optional(projectCode),
        ]
        let text = content.canonicalString
        let certificate = Certificate(number: number, certificateType: procedure.certificateType, dossierID: dossier.id,
                                      organisationID: dossier.organisationID, content: text,
                                      signature: Array(try certificateKey.privateKey.signature(for: Data(text.utf8))),
                                      keyID: certificateKey.keyID.hexEncoded, status: .valid,
                                      issuedAt: now, revokedAt: nil, revocationReason: nil, supersededBy: nil)
        try await certificates.insert(certificate, on: tx.sql)
        if let supersedes { _ = try await certificates.markSuperseded(supersedes, by: number, on: tx.sql) }
        try await ledger.append(LicensingEvents.certificateIssued(certificate, supersedes: supersedes), by: actor, in: tx)
        if let revokes {
            let reason = "\(procedure.code) \(number)"
            _ = try await certificates.markRevoked(revokes, reason: reason, at: now, on: tx.sql)
            try await ledger.append(LicensingEvents.certificateRevoked(revokes, organisation: dossier.organisationID, reason: reason), by: actor, in: tx)
        }
        return certificate
    }

    /// The verifier key of certificate signatures, `name+hexid+base64(0x01‖key)`.
    public var certificateVerifierKey: String { certificateKey.verifier.serialized }

    /// A certificate in full: for its holder and zone staff.
    public func certificate(_ number: String, by actor: Actor) async throws -> Certificate {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard let certificate = try await database.read({ try await self.certificates.find(number, on: $0) }),
              certificate.organisationID == actor.organisationID || !actor.roles.isDisjoint(with: Self.staff)
        else { throw Problem.notFound("certificate") }
        return certificate
    }

    public struct Verification: Sendable {
        public let number: String
        public let certificateType: String
        public let status: Certificate.Status
        public let issuedAt: Date
        public let signatureValid: Bool
        public let supersededBy: String?
        public let revokedAt: Date?
        /// What the document is, as the procedure names its result ("Investment registration
        /// certificate"); nil when the procedure is no longer in the catalogue.
        public let title: LocalizedText?
        /// Who holds it: the enterprise by its registered name.
        public let holder: String?
    }

    /// Anyone may check a certificate: its status and whether its signature holds,
    /// without the holder's details.
    public func verify(_ number: String) async throws -> Verification {
        // Typed as printed or as people type it: any case, with spaces.
        let typed = number.uppercased().filter { !$0.isWhitespace }
        guard let certificate = try await database.read({ try await self.certificates.find(typed, on: $0) }) else {
            throw Problem.notFound("certificate")
        }
        let valid = certificateKey.privateKey.publicKey.isValidSignature(Data(certificate.signature), for: Data(certificate.content.utf8))
        let content = certificate.contentValue
        let procedure = try await catalogue.procedure(content["procedure"]?["code"]?.stringValue ?? "",
                                                      version: content["procedure"]?["version"]?.integerValue.map(Int.init))
        // Holders are organisations (an enterprise's registered name is public record); the
        // natural persons a certificate names (a work permit's expert) stay off this page.
        let shownHolder = content["holder"]?["name"]?.stringValue
        return Verification(number: certificate.number, certificateType: certificate.certificateType, status: certificate.status,
                            issuedAt: certificate.issuedAt, signatureValid: valid, supersededBy: certificate.supersededBy,
                            revokedAt: certificate.revokedAt, title: procedure?.result, holder: shownHolder)
    }


    public func revoke(_ number: String, reason: String, by actor: Actor) async throws -> Certificate {
        try actor.require(anyOf: .ezaApprover)
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Problem.invalid("/reason", "required") }
        return try await database.transaction { tx in
            guard let certificate = try await self.certificates.find(number, on: tx.sql) else { throw Problem.notFound("certificate") }
            guard try await self.certificates.markRevoked(number, reason: trimmed, at: self.clock.now(), on: tx.sql) else {
                throw Problem.conflict("certificate_not_valid", arguments: ["status": certificate.status.rawValue])
            }
            try await self.ledger.append(LicensingEvents.certificateRevoked(number, organisation: certificate.organisationID, reason: trimmed),
                                         by: actor, in: tx)
            var revoked = certificate
            revoked.status = .revoked
            revoked.revokedAt = self.clock.now()
            revoked.revocationReason = trimmed
            return revoked
        }
    }

    /// The bilingual HTML rendering.
    public func certificateDocument(_ number: String, by actor: Actor) async throws -> String {
        let certificate = try await certificate(number, by: actor)
        let value = certificate.contentValue
        let procedure = try await catalogue.procedure(value["procedure"]?["code"]?.stringValue ?? "",
                                                      version: value["procedure"]?["version"]?.integerValue.map(Int.init))
        return CertificateRenderer.html(certificate, zone: catalogue.catalogue.zone, procedure: procedure)
    }

    /// The certificate as a signed PDF (PAdES B-B) for whoever may read it: the A4 page of
    /// ``CertificatePDF`` with its QR code to the verification page, signed by the
    /// configured document signer at the current time.
    public func certificatePDF(_ number: String, by actor: Actor) async throws -> [UInt8] {
        let certificate = try await certificate(number, by: actor)
        let value = certificate.contentValue
        let procedure = try await catalogue.procedure(value["procedure"]?["code"]?.stringValue ?? "",
                                                      version: value["procedure"]?["version"]?.integerValue.map(Int.init))
        var unreserved = CharacterSet.alphanumerics
        unreserved.insert(charactersIn: "-._~")  // RFC 3986's unreserved characters: the number reads as printed
        let encoded = certificate.number.addingPercentEncoding(withAllowedCharacters: unreserved) ?? certificate.number
        let page = CertificatePDF(certificate: certificate, zone: catalogue.catalogue.zone, procedure: procedure,
                                  verificationURL: "\(configuration.publicBase)/verify?number=\(encoded)", countries: .bundled)
        let now = clock.now()
        let unsigned = try page.document(signingTime: now).serialize().bytes
        guard let signer = configuration.documentSigner else { return unsigned }
        return try await PAdESSigning.sign(pdf: unsigned, signer: signer, signingTime: now)
    }
}
