import Foundation

/// A Vietnamese enterprise tax code (mã số thuế, MST).
///
/// Ten digits whose last is a check digit over the first nine, optionally followed by a
/// three-digit branch suffix (`0100109106-001`). The canonical text always writes the
/// suffix after a hyphen, because both spellings circulate and must compare equal.
public struct TaxCode: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The ten-digit head, check digit included.
    public let enterprise: String
    /// The branch suffix (`001`–`999`), if this is a dependent unit.
    public let branch: String?

    public var description: String { branch.map { "\(enterprise)-\($0)" } ?? enterprise }

    /// The code of the parent enterprise, without any branch suffix.
    public var parent: TaxCode { TaxCode(enterprise: enterprise, branch: nil) }

    private init(enterprise: String, branch: String?) {
        self.enterprise = enterprise
        self.branch = branch
    }

    private static let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]

    public init(_ text: String) throws(ValueError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits: [Int]
        var branchDigits: String?
        let compact = trimmed.replacingOccurrences(of: "-", with: "")
        guard compact.allSatisfy(\.isASCIIDigit) else { throw ValueError("tax_code.format") }
        switch (compact.count, trimmed.contains("-")) {
        case (10, false):
            digits = compact.map { Int(String($0))! }
        case (13, _):
            if trimmed.contains("-") {
                // The only hyphen allowed is the one before the branch suffix.
                let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].count == 10, parts[1].count == 3 else { throw ValueError("tax_code.format") }
            }
            digits = compact.prefix(10).map { Int(String($0))! }
            branchDigits = String(compact.suffix(3))
            if branchDigits == "000" { throw ValueError("tax_code.branch") }
        default:
            throw ValueError("tax_code.format")
        }
        let sum = zip(digits.prefix(9), Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 10 - sum % 11
        // A remainder of zero would need check digit 10: such codes are never issued.
        guard check < 10, check == digits[9] else { throw ValueError("tax_code.check_digit") }
        self.enterprise = String(compact.prefix(10))
        self.branch = branchDigits
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    public var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    public var isASCIIUppercaseLetter: Bool { ("A"..."Z").contains(self) }
}
