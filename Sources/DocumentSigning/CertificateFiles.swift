import Foundation
import SwiftASN1
import X509

/// Reading and writing certificates as files: PEM (one or several blocks) or DER.
enum CertificateFiles {
    /// Every `CERTIFICATE` block of a PEM text, in order; other blocks (keys) are skipped.
    static func certificates(pem: String) throws -> [Certificate] {
        do {
            return try PEMDocument.parseMultiple(pemString: pem)
                .filter { $0.discriminator == "CERTIFICATE" }
                .map { try Certificate(derEncoded: $0.derBytes) }
        } catch {
            throw DocumentSigningError.unreadableCertificateChain(String(describing: error))
        }
    }

    /// The certificates of one file, PEM if it looks like text with a PEM header, DER otherwise.
    static func certificates(fileContents: [UInt8]) throws -> [Certificate] {
        if let text = String(bytes: fileContents, encoding: .utf8), text.contains("-----BEGIN") {
            return try certificates(pem: text)
        }
        do {
            return [try Certificate(derEncoded: fileContents)]
        } catch {
            throw DocumentSigningError.unreadableCertificateChain(String(describing: error))
        }
    }

    static func pem(_ certificates: [Certificate]) throws -> String {
        try certificates.map { try $0.serializeAsPEM().pemString + "\n" }.joined()
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}
