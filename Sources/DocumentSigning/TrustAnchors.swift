import Foundation
import X509

/// The CA certificates an uploaded signature's chain must end in to be trusted.
public struct TrustAnchors: Sendable {
    public let certificates: [Certificate]

    public init(certificates: [Certificate]) {
        self.certificates = certificates
    }

    /// Every certificate in the files of `directory` (not its subfolders): PEM files with
    /// one or several certificates, or DER files. Hidden files are skipped; any other file
    /// that does not parse is an error, so a typo in the configuration does not silently
    /// leave a CA out.
    public init(directory: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        var certificates: [Certificate] = []
        for name in names {
            let file = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            do {
                certificates += try CertificateFiles.certificates(fileContents: Array(try Data(contentsOf: file)))
            } catch {
                throw DocumentSigningError.unreadableCertificateChain("\(name): \(error)")
            }
        }
        self.certificates = certificates
    }
}
