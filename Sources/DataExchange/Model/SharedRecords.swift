import FTZCore
import Foundation

// The records behind the shared services, as the rest of the system hands them to the
// exchange: typed and complete. Which of their fields a service offers is the zone's
// choice (`exchange.yaml`), and which a caller receives is the grant's.

/// An enterprise as the zone's register holds it.
public struct SharedEnterprise: Sendable, Equatable {
    public let organisationID: UUID
    public let name: String
    public let nameLatin: String?
    public let taxCode: String?
    public let country: String
    /// The activities its certificates license; nil if it holds no certificate yet.
    public let activities: [String]?
    public let certificates: [SharedCertificate]

    public init(organisationID: UUID, name: String, nameLatin: String?, taxCode: String?, country: String, activities: [String]?,
                certificates: [SharedCertificate]) {
        self.organisationID = organisationID
        self.name = name
        self.nameLatin = nameLatin
        self.taxCode = taxCode
        self.country = country
        self.activities = activities
        self.certificates = certificates
    }
}

/// A certificate the Authority issued, with its holder's tax code when asked by number.
public struct SharedCertificate: Sendable, Equatable {
    public let number: String
    public let type: String
    public let status: String
    public let issuedAt: Date
    public let supersededBy: String?
    public let holderTaxCode: String?

    public init(number: String, type: String, status: String, issuedAt: Date, supersededBy: String?, holderTaxCode: String?) {
        self.number = number
        self.type = type
        self.status = status
        self.issuedAt = issuedAt
        self.supersededBy = supersededBy
        self.holderTaxCode = holderTaxCode
    }
}

/// One licensed investment project.
public struct SharedProject: Sendable, Equatable {
    public let certificateNumber: String?
    public let projectName: String?
    public let sector: String?
    public let vsicCode: String?
    public let totalCapital: JSONValue?
    public let investorCountry: String?
    public let issuedOn: String?

    public init(certificateNumber: String?, projectName: String?, sector: String?, vsicCode: String?, totalCapital: JSONValue?,
                investorCountry: String?, issuedOn: String?) {
        self.certificateNumber = certificateNumber
        self.projectName = projectName
        self.sector = sector
        self.vsicCode = vsicCode
        self.totalCapital = totalCapital
        self.investorCountry = investorCountry
        self.issuedOn = issuedOn
    }
}

/// An enterprise's customs declarations, counted; never a declaration itself.
public struct SharedCustomsAggregate: Sendable, Equatable {
    public struct Value: Sendable, Equatable {
        public let direction: String
        public let amount: String
        public let currency: String
        public init(direction: String, amount: String, currency: String) {
            self.direction = direction
            self.amount = amount
            self.currency = currency
        }
    }

    public let declarations: Int
    public let byDirection: [String: Int]
    public let byChannel: [String: Int]
    public let value: [Value]
    /// HS chapters with the most declaration lines, as (chapter, lines).
    public let topChapters: [(chapter: Int, lines: Int)]

    public init(declarations: Int, byDirection: [String: Int], byChannel: [String: Int], value: [Value], topChapters: [(chapter: Int, lines: Int)]) {
        self.declarations = declarations
        self.byDirection = byDirection
        self.byChannel = byChannel
        self.value = value
        self.topChapters = topChapters
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.declarations == rhs.declarations && lhs.byDirection == rhs.byDirection && lhs.byChannel == rhs.byChannel && lhs.value == rhs.value
            && lhs.topChapters.map(\.chapter) == rhs.topChapters.map(\.chapter) && lhs.topChapters.map(\.lines) == rhs.topChapters.map(\.lines)
    }
}

/// One container event concerning an enterprise's cargo.
public struct SharedContainerEvent: Sendable, Equatable {
    public let container: String?
    public let code: String
    public let eventAt: Date
    public let location: String?
    public let facility: String?
    public let inZone: Bool

    public init(container: String?, code: String, eventAt: Date, location: String?, facility: String?, inZone: Bool) {
        self.container = container
        self.code = code
        self.eventAt = eventAt
        self.location = location
        self.facility = facility
        self.inZone = inZone
    }
}
