import Foundation

/// An amount of money in integer minor units of an ISO 4217 currency.
///
/// On the wire the amount is a decimal string in major units (`"1500000"` VND,
/// `"12.50"` USD), never a float, so no amount is ever rounded in transit.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a decimal amount in major units; more fraction digits than the currency has is an error.
    public init(amount text: String, currency code: String) throws(ValueError) {
        let currency = try Currency(code)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let negative = trimmed.hasPrefix("-")
        let unsigned = negative ? String(trimmed.dropFirst()) : trimmed
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { throw ValueError("money.amount_format") }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        if parts.count == 2 && fraction.isEmpty { throw ValueError("money.amount_format") }
        guard fraction.count <= currency.minorUnitDigits else { throw ValueError("money.precision") }
        let padded = fraction.padding(toLength: currency.minorUnitDigits, withPad: "0", startingAt: 0)
        guard let units = Int64(String(parts[0]) + padded) else { throw ValueError("money.range") }
        self.init(minorUnits: negative ? -units : units, currency: currency)
    }

    /// The amount in major units as a plain decimal string, e.g. `"12.50"`.
    public var amount: String {
        let digits = currency.minorUnitDigits
        let magnitude = String(minorUnits.magnitude)
        guard digits > 0 else { return (minorUnits < 0 ? "-" : "") + magnitude }
        let padded = String(repeating: "0", count: max(0, digits + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -digits)
        return (minorUnits < 0 ? "-" : "") + padded[..<split] + "." + padded[split...]
    }

    public var description: String { "\(amount) \(currency.code)" }

    enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(amount: try container.decode(String.self, forKey: .amount),
                      currency: try container.decode(String.self, forKey: .currency))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency.code, forKey: .currency)
    }
}

/// An ISO 4217 currency with the number of digits of its minor unit.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let minorUnitDigits: Int
    public var description: String { code }

    public init(_ code: String) throws(ValueError) {
        let upper = code.uppercased()
        guard let digits = Self.minorUnits[upper] else { throw ValueError("money.currency") }
        self.code = upper
        self.minorUnitDigits = digits
    }

    public static let vnd = try! Currency("VND")
    public static let usd = try! Currency("USD")

    /// Active ISO 4217 codes and their minor-unit exponents (list of 2024).
    private static let minorUnits: [String: Int] = {
        var table: [String: Int] = [:]
        let zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
        let three = "BHD IQD JOD KWD LYD OMR TND"
        let four = "CLF UYW"
        let two = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY \
        COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS \
        INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR \
        MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD \
        SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWG
        """
        for (list, digits) in [(zero, 0), (two, 2), (three, 3), (four, 4)] {
            for code in list.split(separator: " ") { table[String(code)] = digits }
        }
        return table
    }()
}
