import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Licensing
import OpenAPIRuntime

extension APIHandler {
    func getCertificate(_ input: Operations.GetCertificate.Input) async throws -> Operations.GetCertificate.Output {
        let certificate = try await services.licensing.certificate(input.path.number, by: actor)
        return .ok(.init(body: .json(.init(
            number: certificate.number, _type: certificate.certificateType,
            status: .init(certificate.status), issuedAt: certificate.issuedAt,
            content: .init(additionalProperties: LicensingMapping.container(certificate.contentValue)), canonical: certificate.content,
            signature: Data(certificate.signature).base64EncodedString(), keyId: certificate.keyID,
            verifierKey: services.licensing.certificateVerifierKey, supersededBy: certificate.supersededBy, revokedAt: certificate.revokedAt))))
    }

    func getCertificateDocument(_ input: Operations.GetCertificateDocument.Input) async throws -> Operations.GetCertificateDocument.Output {
        .ok(.init(body: .html(HTTPBody(try await services.licensing.certificateDocument(input.path.number, by: actor)))))
    }

    func verifyCertificate(_ input: Operations.VerifyCertificate.Input) async throws -> Operations.VerifyCertificate.Output {
        .ok(.init(body: .json(Self.verification(try await services.licensing.verify(input.path.number)))))
    }

    func revokeCertificate(_ input: Operations.RevokeCertificate.Input) async throws -> Operations.RevokeCertificate.Output {
        let body = switch input.body { case .json(let body): body }
        _ = try await services.licensing.revoke(input.path.number, reason: body.reason, by: actor)
        return .ok(.init(body: .json(Self.verification(try await services.licensing.verify(input.path.number)))))
    }

    static func verification(_ verification: LicensingService.Verification) -> Components.Schemas.CertificateVerification {
        .init(number: verification.number, _type: verification.certificateType, status: LicensingMapping.status(verification.status),
              issuedAt: verification.issuedAt, signatureValid: verification.signatureValid, supersededBy: verification.supersededBy,
              revokedAt: verification.revokedAt)
    }
}
