/// A stream object's dictionary and its (possibly compressed) data. `/Length` is added by
/// the file when it is written, so callers never count bytes.
public struct PDFStream: Sendable, Equatable {
    public var dictionary: PDFDictionary
    public private(set) var data: [UInt8]

    /// Compresses `data` with /FlateDecode unless that would not make it smaller.
    public init(dictionary: PDFDictionary = [:], data: [UInt8], compress: Bool = true) {
        self.dictionary = dictionary
        self.data = data
        guard compress else { return }
        let compressed = ZlibCompressor.compress(data)
        if compressed.count < data.count {
            self.data = compressed
            self.dictionary["Filter"] = .name("FlateDecode")
        }
    }
}
