import FTZCore
import Foundation
import Localization

/// The city's commune-level units (wards, communes, special zones) since the two-tier local
/// government of 1 July 2025, and the district-level units abolished that day (law
/// reference F13.2-F13.3). An address in the zone names one of the units and no district:
/// a "district" in a new address is refused with a hint, since it no longer exists.
public struct PlaceDirectory: Sendable, Codable, Equatable {
    public struct Unit: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable { case ward, commune, specialZone }
        /// "Phường Đông Hải", as the resolution writes it.
        public var name: String
        public var kind: Kind
    }

    public struct District: Sendable, Codable, Equatable {
        /// "Quận Hải An".
        public var name: String
        public var province: String
    }

    public var validFrom: LocalDate
    public var source: LegalSource
    public var units: [Unit]
    public var abolishedDistricts: [District]

    /// The kind words a name starts with, in folded form.
    private static let kindWords = ["phuong ", "xa ", "dac khu ", "quan ", "huyen ", "thanh pho ", "thi xa "]

    /// The problem with an address, if any: an abolished district named in full or as
    /// "<name> District", or no unit of the city named at all.
    public func problem(with address: String, at pointer: String) -> Problem.FieldError? {
        let text = " " + TextFolding.folded(address) + " "
        for district in abolishedDistricts {
            let full = TextFolding.folded(district.name)
            if Self.containsWords(text, full) || Self.containsWords(text, "\(Self.bare(full)) district") {
                return .init(pointer, "address_district", arguments: ["district": district.name])
            }
        }
        // The bare name alone is not enough: streets share names with communes ("Trần Phú").
        let named = units.contains { unit in
            let bare = Self.bare(TextFolding.folded(unit.name))
            return Self.writings(of: bare, unit.kind).contains { Self.containsWords(text, $0) }
        }
        return named ? nil : .init(pointer, "address_unit_unknown")
    }

    /// How people write a unit: "phường Đông Hải", "P. Đông Hải", "Dong Hai ward".
    private static func writings(of bare: String, _ kind: Unit.Kind) -> [String] {
        switch kind {
        case .ward: ["phuong \(bare)", "p \(bare)", "\(bare) ward"]
        case .commune: ["xa \(bare)", "x \(bare)", "\(bare) commune"]
        case .specialZone: ["dac khu \(bare)", "dk \(bare)", "\(bare) special zone"]
        }
    }

    private static func bare(_ folded: String) -> String {
        kindWords.first { folded.hasPrefix($0) }.map { String(folded.dropFirst($0.count)) } ?? folded
    }

    private static func containsWords(_ text: String, _ words: String) -> Bool { text.contains(" \(words) ") }
}
