/// Why an interchange, or one message of it, cannot be read — and where: the segment's
/// position counted from the first segment after UNA (UNB is 1).
public struct EDIFACTError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case serviceStringAdvice = "edifact.una_invalid"
        case empty = "edifact.empty"
        case unbMissing = "edifact.unb_missing"
        case unbInvalid = "edifact.unb_invalid"
        case unzMissing = "edifact.unz_missing"
        case unzCount = "edifact.unz_count"
        case unzReference = "edifact.unz_reference"
        case dataAfterUNZ = "edifact.data_after_unz"
        case unhInvalid = "edifact.unh_invalid"
        case untMissing = "edifact.unt_missing"
        case untCount = "edifact.unt_count"
        case untReference = "edifact.unt_reference"
        case uneCount = "edifact.une_count"
        case uneReference = "edifact.une_reference"
        case segmentOutsideMessage = "edifact.segment_outside_message"
        case unterminatedSegment = "edifact.unterminated_segment"
        case releaseAtEnd = "edifact.release_at_end"
        case tagInvalid = "edifact.tag_invalid"
        case encoding = "edifact.encoding"
        case tooLarge = "edifact.too_large"
    }

    public let reason: Reason
    public let segment: Int
    public let tag: String?
    /// Facts for the message text: the counts or references that disagree.
    public let arguments: [String: String]

    public init(_ reason: Reason, segment: Int, tag: String?, arguments: [String: String] = [:]) {
        self.reason = reason
        self.segment = segment
        self.tag = tag
        self.arguments = arguments
    }

    public var description: String {
        "\(reason.rawValue) at segment \(segment)\(tag.map { " (\($0))" } ?? "")"
            + (arguments.isEmpty ? "" : " " + arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}
