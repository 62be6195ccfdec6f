import Foundation

/// The document information dictionary (ISO 32000-1, 14.3.3): what a reader shows as the
/// document's properties.
public struct PDFDocumentInfo: Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var subject: String?
    public var keywords: String?
    public var creator: String?
    public var producer: String?
    /// Left out when nil, so the same content can give byte-identical files.
    public var creationDate: Date?

    public init(title: String? = nil, author: String? = nil, subject: String? = nil, keywords: String? = nil,
                creator: String? = nil, producer: String? = "FTZ PDFWriter", creationDate: Date? = nil) {
        self.title = title
        self.author = author
        self.subject = subject
        self.keywords = keywords
        self.creator = creator
        self.producer = producer
        self.creationDate = creationDate
    }

    var dictionary: PDFDictionary {
        var dictionary = PDFDictionary()
        for (key, value) in [("Title", title), ("Author", author), ("Subject", subject), ("Keywords", keywords),
                             ("Creator", creator), ("Producer", producer)] {
            if let value { dictionary[PDFName(key)] = .text(value) }
        }
        if let creationDate { dictionary["CreationDate"] = .string(.text(Self.pdfDate(creationDate))) }
        return dictionary
    }

    /// A date string (7.9.4) in UTC: D:YYYYMMDDHHmmSSZ.
    static func pdfDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "D:\(String(format: "%04d", parts.year ?? 0))\(two(parts.month))\(two(parts.day))\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }
}
