import Foundation
import HTTPSupport
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (RFC 7578), as a browser posts a form with a file input:
/// its text fields and its files, read as the body streams in.
///
/// The boundary search is multipart-kit's streaming parser, linear in the body (the
/// hand-written reader it replaces searched naively: 512 KiB with an 8 KiB boundary took
/// seconds of a core, before the CSRF check; security review, issue 33). The first part
/// must be the form's CSRF token, checked before another byte is read, so a forged or
/// anonymous upload is refused having cost one small part. The boundary is checked first
/// (1–70 characters of RFC 2046's set): the parser traps on an empty one.
struct MultipartForm: Sendable {
    struct File: Sendable {
        let field: String
        let filename: String
        let bytes: Data
    }

    /// Why a body was refused.
    enum Refusal: Error, Equatable {
        /// Not `multipart/form-data`, or its boundary is missing or not RFC 2046's.
        case notMultipart
        /// The body passed `maximumBytes`.
        case tooLarge
        /// The first part was not the expected field, or its value was refused.
        case firstFieldRefused
        /// Not well-formed multipart, or more parts or larger text than a form of ours has.
        case malformed
    }

    /// Room for a browser's boundaries, part headers and the form's other fields, beyond
    /// the file itself.
    static let framing = 16 * 1024
    static let maximumParts = 16
    static let maximumTextBytes = 64 * 1024
    static let maximumHeaderBytes = 8 * 1024

    private(set) var fields: [String: String] = [:]
    private(set) var files: [File] = []

    subscript(_ name: String) -> String? { fields[name] }

    /// Reads the body of `request`: at most `maximumBytes`, and only on if its first part is
    /// the field `firstField` with a value `accepts` approves.
    static func read(_ request: Request, maximumBytes: Int, firstField: String,
                     accepts: @escaping (String) -> Bool) async throws(Refusal) -> MultipartForm {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = parameter("boundary", in: contentType), isBoundary(boundary)
        else { throw .notMultipart }
        let reader = PartReader(boundary: boundary, firstField: firstField, accepts: accepts)
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= maximumBytes else { throw Refusal.tooLarge }
                try reader.parser.execute(chunk)
                if let refusal = reader.refusal { throw refusal }
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw .malformed
        }
        guard reader.finished else { throw .malformed }
        return reader.form
    }

    /// RFC 2046 §5.1.1: 1–70 characters from its set, not ending in a space.
    static func isBoundary(_ boundary: String) -> Bool {
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")
        return (1...70).contains(boundary.count) && boundary.allSatisfy(allowed.contains) && boundary.last != " "
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// The parser's callbacks, gathering one part at a time into the form.
    private final class PartReader {
        let parser: MultipartParser
        var form = MultipartForm()
        var refusal: Refusal?
        /// At least one part was read whole (the first, the CSRF token).
        var finished = false
        private var disposition = ""
        /// Whether the current part is a file, decided at its first bytes: the parser hands
        /// a body over in as many pieces as it has near-misses of the boundary, and parsing
        /// the part's headers for each piece cost 1.8 s of a core per MiB of "\r\n-".
        private var isFile: Bool?
        private var headerBytes = 0
        /// The part's bytes so far, in one growing buffer (a piece costs a copy, no allocation).
        private var content = ByteBuffer()
        private var parts = 0
        private let firstField: String
        private let accepts: (String) -> Bool

        init(boundary: String, firstField: String, accepts: @escaping (String) -> Bool) {
            parser = MultipartParser(boundary: boundary)
            self.firstField = firstField
            self.accepts = accepts
            parser.onHeader = { [unowned self] name, value in
                headerBytes += name.utf8.count + value.utf8.count
                if headerBytes > MultipartForm.maximumHeaderBytes { refuse(.malformed) }
                if name.lowercased() == "content-disposition" { disposition = value }
            }
            parser.onBody = { [unowned self] buffer in
                content.writeBuffer(&buffer)
                // A text field is small; only a file part may be large (bounded by the body limit).
                let isFile = isFile ?? (parts > 0 && MultipartForm.parameter("filename", in: disposition) != nil)
                self.isFile = isFile
                if !isFile, content.readableBytes > MultipartForm.maximumTextBytes { refuse(.malformed) }
            }
            parser.onPartComplete = { [unowned self] in complete() }
        }

        private func refuse(_ refusal: Refusal) { if self.refusal == nil { self.refusal = refusal } }

        private func complete() {
            defer { disposition = ""; isFile = nil; headerBytes = 0; content.clear(); parts += 1 }
            guard parts < MultipartForm.maximumParts else { return refuse(.malformed) }
            guard let name = MultipartForm.parameter("name", in: disposition) else { return refuse(.malformed) }
            let filename = MultipartForm.parameter("filename", in: disposition)
            if parts == 0 {
                guard name == firstField, filename == nil, accepts(String(buffer: content)) else {
                    return refuse(.firstFieldRefused)
                }
            }
            if let filename {
                // A file input left empty is posted as a part with an empty name and no bytes.
                if !filename.isEmpty || content.readableBytes > 0 {
                    form.files.append(File(field: name, filename: filename, bytes: Data(content.readableBytesView)))
                }
            } else if form.fields[name] == nil {
                form.fields[name] = String(buffer: content)
            }
            finished = true
        }
    }
}
