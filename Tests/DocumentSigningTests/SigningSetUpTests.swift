import DocumentSigning
import Foundation
import Testing
import X509

@Suite("Signing configuration, the development CA and the placeholders")
struct SigningSetUpTests {
    let now = Date()

    @Test("the development CA is written once, read back as a signer and as trust anchors")
    func developmentAuthority() async throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try DevelopmentCertificateAuthority.prepare(in: directory, now: now)
        #expect(first.generated)
        let again = try DevelopmentCertificateAuthority.prepare(in: directory, now: now)
        #expect(!again.generated, "a valid development signer is reused, not replaced at every start")
        #expect(again.signer.certificateChain == first.signer.certificateChain)

        let permissions = try FileManager.default.attributesOfItem(atPath: first.files.privateKey.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let signer = try LocalDocumentSigner(privateKeyFile: first.files.privateKey, certificateChainFile: first.files.certificateChain)
        #expect(signer.signatureAlgorithm == .ecdsaP256SHA256)
        let leaf = try #require(signer.certificateChain.first)
        #expect(leaf.subject.description.contains("CN=Hai Phong Economic Zone Authority (development)"))
        #expect(leaf.subject.description.contains("C=VN"))
        let keyUsage = try #require(try leaf.extensions.keyUsage)
        #expect(keyUsage.digitalSignature && keyUsage.nonRepudiation && !keyUsage.keyCertSign)

        let anchors = try TrustAnchors(directory: first.files.trustAnchorsDirectory)
        #expect(anchors.certificates.count == 1)
        let authority = try #require(anchors.certificates.first)
        #expect(authority.notValidAfter.timeIntervalSince(now) > 9.9 * 365 * 86_400, "the CA lasts ten years")
        #expect(leaf.notValidAfter.timeIntervalSince(now) > 1.9 * 365 * 86_400, "the signing certificate lasts two years")
        #expect(leaf.notValidAfter.timeIntervalSince(now) < 2.1 * 365 * 86_400)

        let pdf = SamplePDF.unsigned(signatureDictionary: PDFSignaturePlaceholder.signatureDictionary(signingTime: now))
        let signed = try await PAdESSigning.sign(pdf: pdf, signer: signer, signingTime: now)
        let report = await PDFSignatureVerifier(trustAnchors: anchors).verify(pdf: signed, now: now)
        #expect(report.signatures.map(\.status) == [.valid])
    }

    @Test("serial numbers stay within RFC 5280's 20 octets, sign octet included (NSS rejects longer ones)")
    func serialNumbers() throws {
        for _ in 0..<16 {
            let identity = try DevelopmentSigningIdentity.generate(issuedAt: now)
            for certificate in [identity.authorityCertificate, identity.signingCertificate] {
                let magnitude = certificate.serialNumber.bytes
                let encodedLength = magnitude.count + (magnitude.first.map { $0 >= 0x80 ? 1 : 0 } ?? 1)
                #expect(encodedLength <= 20, "\(certificate.serialNumber)")
            }
        }
    }

    @Test("a key that is not the signing certificate's is refused at start-up")
    func mismatchedKey() throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let one = try DevelopmentSigningIdentity.generate(issuedAt: now).write(to: directory.appendingPathComponent("one"))
        let other = try DevelopmentSigningIdentity.generate(issuedAt: now).write(to: directory.appendingPathComponent("other"))
        #expect(throws: DocumentSigningError.keyDoesNotMatchCertificate) {
            _ = try LocalDocumentSigner(privateKeyFile: one.privateKey, certificateChainFile: other.certificateChain)
        }
    }

    @Test("a placeholder too small for the signature is an error, not a truncated signature")
    func smallPlaceholder() async throws {
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-60))
        let pdf = SamplePDF.unsigned(signatureDictionary: PDFSignaturePlaceholder.signatureDictionary(signingTime: now, contentsCapacity: 64))
        let error = await #expect(throws: DocumentSigningError.self) {
            _ = try await PAdESSigning.sign(pdf: pdf, signer: try identity.signer(), signingTime: now)
        }
        guard case .contentsPlaceholderTooSmall(let needed, let available) = error else {
            Issue.record("expected contentsPlaceholderTooSmall, got \(String(describing: error))")
            return
        }
        #expect(available == 64)
        #expect(needed > 64)
    }

    @Test("a PDF without placeholders, or with two, cannot be signed")
    func placeholdersRequired() async throws {
        let identity = try DevelopmentSigningIdentity.generate(issuedAt: now.addingTimeInterval(-60))
        let none = SamplePDF.unsigned(signatureDictionary: "<< /Type /Sig >>")
        let twice = SamplePDF.unsigned(signatureDictionary: PDFSignaturePlaceholder.signatureDictionary(signingTime: now)
            + "\n% " + PDFSignaturePlaceholder.contents(capacity: 10))
        for pdf in [none, twice] {
            let error = await #expect(throws: DocumentSigningError.self) {
                _ = try await PAdESSigning.sign(pdf: pdf, signer: try identity.signer(), signingTime: now)
            }
            guard case .placeholderNotFound = error else {
                Issue.record("expected placeholderNotFound, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("the signature dictionary writes /M in Vietnam's time and non-ASCII text as UTF-16")
    func signatureDictionaryText() {
        let instant = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z
        let dictionary = PDFSignaturePlaceholder.signatureDictionary(signingTime: instant, signerName: "Hải Phòng", reason: "Cấp (mới)")
        #expect(dictionary.contains("/M (D:20261201070000+07'00')"))
        #expect(dictionary.contains("/Name <FEFF0048"))
        #expect(dictionary.contains("/SubFilter /ETSI.CAdES.detached"))
        #expect(dictionary.contains(PDFSignaturePlaceholder.byteRange))
        #expect(dictionary.contains("/Contents <" + String(repeating: "0", count: 2 * PDFSignaturePlaceholder.defaultContentsCapacity) + ">"))
    }
}
