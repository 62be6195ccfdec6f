import Foundation
import FTZCore
import Licensing
import Localization
import Programs

/// How the leaders' pages (the dashboard, the programmes) word an indicator in the reader's
/// language: figures with their units ("12 working days", "USD 500 million a year"), the
/// count behind each measured figure ("n = 46 customs declarations"), the assessment, why a
/// live figure is missing, and the breakdown's keys by name (a country code as the country,
/// a VSIC division as its title, a customs channel, a procedure). The programme service
/// measures and gives codes; this only words them.
struct IndicatorWording {
    let messages: MessageCatalogue
    let language: Language
    /// Procedure codes to their names in `language`.
    let procedures: [String: String]
    /// VSIC division codes to their names in `language`.
    let sectors: [String: String]

    init(messages: MessageCatalogue, language: Language, procedures: [Procedure], activities: ActivityClassification?) {
        self.messages = messages
        self.language = language
        self.procedures = Dictionary(procedures.map { ($0.code, $0.name.text(language)) }, uniquingKeysWith: { first, _ in first })
        self.sectors = Dictionary((activities?.divisions ?? []).map { ($0.code, $0.name.text(language)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A number written the language's way, to at most `digits` decimals.
    func number(_ value: Double, digits: Int = 1) -> String {
        let factor = pow(10, Double(digits))
        let rounded = (value * factor).rounded() / factor
        let text = rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
        return LocaleFormat.decimal(text, language)
    }

    /// A value with its unit: the unit's own wording where the catalogue has it
    /// (`programmes.unit.working_days`), else the unit as it is ("%", a currency code).
    func figure(_ value: Double, _ unit: String?, digits: Int = 1) -> String {
        let written = number(value, digits: digits)
        guard let unit, !unit.isEmpty else { return written }
        let key = "programmes.unit." + unit.lowercased().replacingOccurrences(of: " ", with: "_")
        return messages.text(ifPresent: key, language, ["count": written]) ?? "\(written) \(unit)"
    }

    /// The count behind a measured figure: "n = 46 customs declarations".
    func sample(_ size: Int, of population: LiveMeasurement.Population) -> String {
        messages.text("programmes.sample.\(population.rawValue)", language, ["count": LocaleFormat.decimal(size, language)])
    }

    func sample(_ sample: LiveMeasurement.Sample?) -> String? { sample.map { self.sample($0.size, of: $0.of) } }

    /// The assessment's name; "no baseline" rather than "no target" beside a target.
    func status(_ item: ProgrammeService.IndicatorProgress) -> String { messages.text(item.statusKey, language) }

    /// Why a live figure is missing.
    func reason(_ unavailable: LiveMeasurement.Unavailable) -> String {
        messages.text("programmes.unavailable.\(unavailable.rawValue)", language)
    }

    /// "No data yet".
    var noData: String { messages.text("progress.no_data", language) }

    /// The target, its range and its date: "10 % – 15 % by 31/12/2030".
    func target(_ indicator: Indicator) -> String? {
        guard let target = indicator.target else { return nil }
        let value = [target.low, target.high].compactMap { $0 }.map { figure($0, indicator.unit, digits: 2) }.joined(separator: " – ")
        return messages.text("web.programmes.target_by", language, ["value": value, "date": messages.display(target.date, language)])
    }

    /// A breakdown's key by name: the country, the sector, the channel, the procedure.
    func key(_ key: String, _ dimension: LiveMeasurement.Dimension?) -> String {
        switch dimension {
        case .country: return CountryNames.bundled.name(key, language)
        case .sector:
            if key == "unclassified" { return messages.text("programmes.sector.unclassified", language) }
            return sectors[key].map { "\($0) (\(key))" } ?? messages.text("programmes.sector.division", language, ["code": key])
        case .customsChannel: return messages.text(ifPresent: "web.trade.channel_\(key)", language) ?? key
        case .filingChannel: return messages.text(ifPresent: "programmes.filing.\(key)", language) ?? key
        case .modelVersion: return messages.text("programmes.model_version", language, ["version": key])
        case .procedure: return procedures[key] ?? key
        case nil: return key
        }
    }
}
