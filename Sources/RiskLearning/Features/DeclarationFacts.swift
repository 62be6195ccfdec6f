import Foundation

/// What the risk features read of one declaration (one goods line): the facts the trade
/// service already holds, in one currency for values, so that unit prices compare.
public struct DeclarationFacts: Sendable, Equatable, Codable {
    public var registeredAt: Date
    public var declarant: String
    public var importer: String
    /// When the importer became known to the zone (its registration), if known.
    public var importerSince: Date?
    /// The declared HS code (8 digits).
    public var hsCode: String
    /// ISO 3166 alpha-2 origin.
    public var origin: String
    public var quantity: Double
    public var grossKilograms: Double
    /// Customs value in the zone's reference currency.
    public var value: Double
    /// The duty rate of the declared code and origin, as a fraction, if the tariff is known.
    public var dutyRate: Double?
    /// HS chapters of the importer's licensed activities; nil when unknown (no certificate).
    public var licensedChapters: Set<Int>?
    /// Transhipment ports on the container's route, and hours it has spent in the zone.
    public var transhipments: Int?
    public var dwellHours: Double?
    /// The UN/LOCODE of the port of loading, whose first two letters are its country.
    public var loadingPort: String?

    public init(registeredAt: Date, declarant: String, importer: String, importerSince: Date?, hsCode: String, origin: String,
                quantity: Double, grossKilograms: Double, value: Double, dutyRate: Double?, licensedChapters: Set<Int>?,
                transhipments: Int?, dwellHours: Double?, loadingPort: String? = nil) {
        self.registeredAt = registeredAt
        self.declarant = declarant
        self.importer = importer
        self.importerSince = importerSince
        self.hsCode = hsCode
        self.origin = origin
        self.quantity = quantity
        self.grossKilograms = grossKilograms
        self.value = value
        self.dutyRate = dutyRate
        self.licensedChapters = licensedChapters
        self.transhipments = transhipments
        self.dwellHours = dwellHours
        self.loadingPort = loadingPort
    }

    public var chapter: Int { Int(hsCode.prefix(2)) ?? 0 }
}

/// The channel a declaration went through (VNACCS-style lanes), for the history features.
public enum Lane: String, Sendable, Codable, CaseIterable { case green, yellow, red }
