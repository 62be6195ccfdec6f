import Foundation
import Hummingbird
import NIOCore

/// A `multipart/form-data` body (RFC 7578), as a browser posts a form with a file input:
/// its text fields and its files. The body limit middleware has already bounded the size.
struct MultipartForm: Sendable {
    struct File: Sendable {
        let field: String
        let filename: String
        let bytes: Data
    }

    private(set) var fields: [String: String] = [:]
    private(set) var files: [File] = []

    subscript(_ name: String) -> String? { fields[name] }

    /// `nil` when the request is not multipart or its boundary is missing.
    init?(_ request: Request, maximumBytes: Int) async throws {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.parameter("boundary", in: contentType), !boundary.isEmpty
        else { return nil }
        let buffer = try await request.body.collect(upTo: maximumBytes)
        self.init(body: Data(buffer.readableBytesView), boundary: boundary)
    }

    init(body: Data, boundary: String) {
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var position = body.startIndex
        // Each part lies between two delimiters; the last delimiter is followed by "--".
        while let start = body.range(of: delimiter, in: position..<body.endIndex) {
            var partStart = start.upperBound
            if body[partStart...].starts(with: Data("--".utf8)) { break }
            if body[partStart...].starts(with: Data("\r\n".utf8)) { partStart += 2 }
            guard let next = body.range(of: delimiter, in: partStart..<body.endIndex),
                  let headers = body.range(of: headerEnd, in: partStart..<next.lowerBound)
            else { break }
            var contentEnd = next.lowerBound
            if contentEnd - headers.upperBound >= 2, body[(contentEnd - 2)..<contentEnd] == Data("\r\n".utf8) { contentEnd -= 2 }
            let headerText = String(decoding: body[partStart..<headers.lowerBound], as: UTF8.self)
            let content = body[headers.upperBound..<contentEnd]
            add(headers: headerText, content: Data(content))
            position = next.lowerBound
        }
    }

    private mutating func add(headers: String, content: Data) {
        let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
        guard let name = Self.parameter("name", in: disposition) else { return }
        if let filename = Self.parameter("filename", in: disposition) {
            // A file input left empty is posted as a part with an empty name and no bytes.
            if !filename.isEmpty || !content.isEmpty { files.append(File(field: name, filename: filename, bytes: content)) }
        } else if fields[name] == nil {
            fields[name] = String(decoding: content, as: UTF8.self)
        }
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
}
