import DocumentSigning
import Foundation
import Logging

/// The signer of the PDFs the Authority issues: the configured key and chain, or else a
/// development CA kept in the data directory (generated once, renewed before it expires),
/// announced with a warning because nobody but this server trusts it.
enum DocumentSigners {
    static func load(_ configuration: ServerConfiguration, now: Date, logger: Logger) throws -> any DocumentSigner {
        switch (configuration.documentSigningKeyFile, configuration.documentSigningChainFile) {
        case let (key?, chain?):
            let signer = try LocalDocumentSigner(privateKeyFile: URL(fileURLWithPath: key), certificateChainFile: URL(fileURLWithPath: chain))
            logger.info("documents signed with the configured key", metadata: ["chain": "\(chain)"])
            return signer
        case (nil, nil):
            let prepared = try DevelopmentCertificateAuthority.prepare(in: configuration.developmentDocumentSigningDirectory, now: now)
            logger.warning("documents are signed by a development CA that only this server trusts; set FTZ_DOCUMENT_SIGNING_KEY_FILE and FTZ_DOCUMENT_SIGNING_CHAIN_FILE",
                           metadata: ["directory": "\(prepared.files.directory.path)", "generated": "\(prepared.generated)"])
            return prepared.signer
        default:
            throw DocumentSigningConfigurationError.incomplete
        }
    }
}

enum DocumentSigningConfigurationError: Error, CustomStringConvertible {
    case incomplete
    var description: String {
        "FTZ_DOCUMENT_SIGNING_KEY_FILE and FTZ_DOCUMENT_SIGNING_CHAIN_FILE go together: set both, or neither for a development CA"
    }
}
