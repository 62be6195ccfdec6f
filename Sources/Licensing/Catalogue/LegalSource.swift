import Localization

/// Where a legal fact of a procedure comes from: the instrument, the article where a source
/// states it, the id of the verified fact in the zone's law reference (`F3.3`) and a page
/// that carries the text. Its status says how firmly it stands: confirmed (two independent
/// sources or an official text), likely (one secondary source) or unconfirmed (nothing
/// found; the note says what was searched).
///
/// Sources are data of the catalogue, like the facts they support. The public reads the
/// citations; the status and the notes are for the Authority's administrators, who see them
/// beside each procedure in the console, so nobody mistakes a likely value for a settled one.
public struct LegalSource: Sendable, Codable, Equatable {
    /// The facts of a procedure a source may support.
    public enum Fact: String, Sendable, Codable, CaseIterable {
        case legalBasis, timeLimit, clock, refusal, issuer, form, fees, documents, consultations
        /// Zone data a source supports beside procedures: a list of places, a code list.
        case places, codes
    }

    public enum Status: String, Sendable, Codable, Comparable {
        case confirmed, likely, unconfirmed

        private var rank: Int { self == .confirmed ? 0 : self == .likely ? 1 : 2 }
        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    public var facts: [Fact]
    /// The instrument as it is cited: "Nghị định số 219/2025/NĐ-CP".
    public var instrument: String
    /// "Điều 18–19", where a source states the article.
    public var article: String?
    /// The fact's id in the zone's law reference.
    public var reference: String?
    public var url: String?
    public var status: Status
    /// For administrators: what stays open and what was searched.
    public var note: LocalizedText?

    public init(facts: [Fact], instrument: String, article: String? = nil, reference: String? = nil, url: String? = nil,
                status: Status, note: LocalizedText? = nil) {
        self.facts = facts
        self.instrument = instrument
        self.article = article
        self.reference = reference
        self.url = url
        self.status = status
        self.note = note
    }
}

extension Procedure {
    /// The facts every procedure must source: what it rests on, how long it takes, when the
    /// clock starts and who decides.
    public static let sourcedFacts: [LegalSource.Fact] = [.legalBasis, .timeLimit, .clock, .issuer]

    /// The required facts no source supports (a catalogue test fails on any).
    public var unsourcedFacts: [LegalSource.Fact] {
        Self.sourcedFacts.filter { fact in !(sources ?? []).contains { $0.facts.contains(fact) } }
    }

    /// How firmly `fact` stands: the firmest of its sources; nil when none supports it.
    public func status(of fact: LegalSource.Fact) -> LegalSource.Status? {
        (sources ?? []).filter { $0.facts.contains(fact) }.map(\.status).min()
    }
}
