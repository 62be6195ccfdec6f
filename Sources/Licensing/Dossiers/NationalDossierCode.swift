import FTZCore
import Foundation

/// The code the provincial one-stop information system gives a dossier at receipt, used in
/// every exchange about it with the national portal (Decree 61/2018 Art. 26, kept by Decree
/// 118/2025; law reference F5.4): the receiving body's identity code, the day of receipt as
/// yymmdd and that day's sequence number, `H15.50.05.13-261008-0975`. The structure is the
/// zone's data (its pattern and source in zone.yaml) because the 2026 format is LIKELY only;
/// the date inside is checked here, since no pattern can say a day exists.
public struct NationalDossierCode: Sendable, Codable, Equatable {
    /// The pattern a code must match; the default is the observed 2026 format (F5.4).
    public var pattern: String
    public var source: LegalSource

    public static let observedPattern = #"^[A-Z][0-9]{2}(\.[0-9]{2})*-[0-9]{6}-[0-9]{4,7}$"#

    /// The problem with `code`, if any: the wrong shape, or a day of receipt that does not
    /// exist or is still to come.
    public func check(_ code: String, today: LocalDate) -> String? {
        guard code.range(of: pattern, options: .regularExpression) != nil else { return "dossier_code_format" }
        let parts = code.split(separator: "-")
        guard parts.count >= 3, let digits = Int(parts[parts.count - 2]) else { return "dossier_code_format" }
        let (year, month, day) = (2000 + digits / 10_000, digits / 100 % 100, digits % 100)
        guard let date = LocalDate(year: year, month: month, day: day) else { return "dossier_code_date" }
        return date > today ? "dossier_code_date" : nil
    }
}
