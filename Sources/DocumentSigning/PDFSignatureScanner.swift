/// A signature dictionary (ISO 32000-1 §12.8.1) found in a PDF file.
struct PDFSignatureDictionary {
    var byteRange: [Int]
    /// The `/Contents` hex string in the file, `<` to `>` inclusive.
    var contentsSpan: Range<Int>
    /// The decoded `/Contents`: the DER signature followed by the zeros that padded it.
    var contents: [UInt8]
    var subFilter: String?
    /// `/M` as written.
    var signingTimeText: String?
    var signerName: String?
    var reason: String?
    var location: String?
}

/// Finds the signatures of an uploaded PDF by scanning its bytes for `/ByteRange`.
///
/// A signature dictionary cannot sit in a compressed object stream (the byte range must
/// point at its `/Contents` in the file itself), so a byte-level scan finds every one
/// without a full PDF parser, even in files that compress their other objects.
enum PDFSignatureScanner {
    enum Finding {
        case signature(PDFSignatureDictionary)
        /// Something that looks like a signature dictionary but cannot be read; the offset is
        /// where in the file it is.
        case unreadable(offset: Int, reason: String)
    }

    static func scan(_ pdf: [UInt8]) -> [Finding] {
        var findings: [Finding] = []
        var readObjects: Set<Int> = []
        var seenContents: Set<Int> = []
        for occurrence in PDFBytes.nameOccurrences("ByteRange", in: pdf) {
            guard let objectStart = indirectObjectBody(before: occurrence, in: pdf) else {
                findings.append(.unreadable(offset: occurrence, reason: "/ByteRange outside any indirect object"))
                continue
            }
            guard readObjects.insert(objectStart).inserted else { continue }
            var reader = PDFObjectReader(bytes: pdf, position: objectStart)
            let object: PDFValue
            do {
                object = try reader.readValue()
            } catch {
                findings.append(.unreadable(offset: occurrence, reason: String(describing: error)))
                continue
            }
            // Past the object's dictionary the name was stream data (a content stream, say), not a key.
            guard occurrence < reader.position else { continue }
            for dictionary in dictionaries(withKey: "ByteRange", in: object) {
                guard let signature = signatureDictionary(dictionary) else {
                    findings.append(.unreadable(offset: occurrence, reason: "/ByteRange or /Contents is not as ISO 32000-1 §12.8.1 defines them"))
                    continue
                }
                if seenContents.insert(signature.contentsSpan.lowerBound).inserted {
                    findings.append(.signature(signature))
                }
            }
        }
        return findings
    }

    private static func signatureDictionary(_ entries: [String: PDFValue]) -> PDFSignatureDictionary? {
        guard case .array(let rangeValues) = entries["ByteRange"],
              case .string(let contents, let span, true) = entries["Contents"] else { return nil }
        let byteRange = rangeValues.compactMap { value -> Int? in
            if case .integer(let number) = value { number } else { nil }
        }
        guard byteRange.count == rangeValues.count, byteRange.count.isMultiple(of: 2), !byteRange.isEmpty else { return nil }
        var subFilter: String?
        if case .name(let name) = entries["SubFilter"] { subFilter = name }
        return PDFSignatureDictionary(byteRange: byteRange, contentsSpan: span, contents: contents, subFilter: subFilter,
                                      signingTimeText: entries["M"]?.textString, signerName: entries["Name"]?.textString,
                                      reason: entries["Reason"]?.textString, location: entries["Location"]?.textString)
    }

    /// Every dictionary within `value` (itself included) that has `key`.
    private static func dictionaries(withKey key: String, in value: PDFValue) -> [[String: PDFValue]] {
        switch value {
        case .dictionary(let entries):
            let own = entries[key] == nil ? [] : [entries]
            return own + entries.values.flatMap { dictionaries(withKey: key, in: $0) }
        case .array(let elements):
            return elements.flatMap { dictionaries(withKey: key, in: $0) }
        default:
            return []
        }
    }

    /// Where the body of the indirect object enclosing `position` starts: just after the
    /// nearest `N G obj` before it.
    static func indirectObjectBody(before position: Int, in pdf: [UInt8]) -> Int? {
        var index = min(position, pdf.count) - 3
        while index >= 0 {
            if pdf[index] == UInt8(ascii: "o"), pdf[index + 1] == UInt8(ascii: "b"), pdf[index + 2] == UInt8(ascii: "j"),
               index + 3 == pdf.count || PDFBytes.isWhitespace(pdf[index + 3]) || PDFBytes.isDelimiter(pdf[index + 3]),
               hasObjectNumbers(endingBefore: index, in: pdf) {
                return index + 3
            }
            index -= 1
        }
        return nil
    }

    /// Whether `N G ` (white space, digits, white space, digits, white space) ends at `end`,
    /// which tells `obj` apart from `endobj` and from the word in text.
    private static func hasObjectNumbers(endingBefore end: Int, in pdf: [UInt8]) -> Bool {
        var index = end - 1
        func skip(_ matches: (UInt8) -> Bool) -> Int {
            var count = 0
            while index >= 0, matches(pdf[index]) {
                index -= 1
                count += 1
            }
            return count
        }
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard skip(PDFBytes.isWhitespace) > 0, skip(isDigit) > 0, skip(PDFBytes.isWhitespace) > 0, skip(isDigit) > 0 else { return false }
        return index < 0 || PDFBytes.isWhitespace(pdf[index]) || PDFBytes.isDelimiter(pdf[index])
    }
}
