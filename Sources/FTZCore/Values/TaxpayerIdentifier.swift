import Foundation

/// Whom the tax authority knows a taxpayer by: an organisation's tax code (10 digits, or 13
/// for a dependent unit, ``TaxCode``), or, for an individual, the 12-digit personal
/// identification number the Ministry of Public Security issues, which replaced the
/// individual tax code from 1 July 2025 (Circular 86/2024/TT-BTC, Art. 5; reference F8.1).
///
/// A personal number carries no check digit: its first three digits name the province of
/// birth registration (001–096), the fourth the century and sex, the fifth and sixth the year
/// of birth. Those three parts are what can be checked.
public enum TaxpayerIdentifier: Hashable, Sendable, CustomStringConvertible {
    case organisation(TaxCode)
    case person(String)

    public var description: String {
        switch self {
        case .organisation(let code): code.description
        case .person(let number): number
        }
    }

    public init(_ text: String) throws(ValueError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count == 12, !trimmed.contains("-") else {
            do { self = .organisation(try TaxCode(trimmed)) } catch {
                // A person who typed a number of the wrong length reads the rule for both.
                throw error.reason == "tax_code.format" ? ValueError("taxpayer_id.format") : error
            }
            return
        }
        guard trimmed.allSatisfy(\.isASCIIDigit) else { throw ValueError("taxpayer_id.format") }
        guard let province = Int(trimmed.prefix(3)), (1...96).contains(province) else { throw ValueError("taxpayer_id.province") }
        self = .person(trimmed)
    }
}
