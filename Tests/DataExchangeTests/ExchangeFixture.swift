import DataExchange
import FTZCore
import Foundation
import Identity
import Ledger
import Logging
import Storage
import TestSupport

/// The exchange on a fresh database, with the zone's own catalogue and a fake rest of the
/// system: one customs subsystem, and one enterprise holding one certificate.
struct ExchangeFixture {
    static let customsClient = UUID(uuidString: "0190d6a8-0000-7000-8000-00000000c0c1")!
    static let taxCode = "0201234569"
    static let certificateNumber = "2100000001"

    let database: Database
    let exchange: ExchangeService
    let clock: ManualWallClock
    let reader: LedgerReader
    let subsystem: Subsystem
    let system: FakeSystem
    var enterpriseID: UUID { system.enterprise }

    static let administrator = Actor(principal: .user(UUID()), organisationID: nil, organisationKind: .zoneAuthority, roles: [.admin])
    var customs: Actor {
        Actor(principal: .client(Self.customsClient), organisationID: system.customs, organisationKind: .customs, roles: [.exchangeClient])
    }

    static func with<R: Sendable>(_ kind: DatabaseKind, _ body: (ExchangeFixture) async throws -> R) async throws -> R {
        try await TestDatabase.withFresh(kind) { database in
            let clock = ManualWallClock(testEpoch)
            let ledger = Ledger(database: database, clock: clock)
            // The registry's members and the enterprises asked about are identity's rows.
            let identity = IdentityBase(database: database, ledger: ledger, clock: clock,
                                        authentication: AuthenticationService(database: database, ledger: ledger, clock: clock,
                                                                              configuration: IdentityConfiguration(), logger: TestDatabase.logger))
            let organisations = OrganisationService(base: identity, accounts: AccountService(base: identity))
            let customs = try await organisations.insertOrganisation(
                .init(kind: .customs, name: "Hai Phong Customs", country: "VN", code: "CUSTOMS"), by: .system("test"))
            let enterprise = try await organisations.insertOrganisation(
                .init(kind: .investorEnterprise, name: "Công ty TNHH Cảng Xanh", country: "VN", taxCode: taxCode), by: .system("test"))
            let system = FakeSystem(customs: customs.id, enterprise: enterprise.id)
            let exchange = ExchangeService(database: database, ledger: ledger, clock: clock,
                                           environment: system, catalogue: try ExchangeCatalogue.load(directory: nil),
                                           signingKey: NoteSigningKey(name: "test.ftz/exchange", privateKey: .init()), cacheLifetime: 0,
                                           logger: TestDatabase.logger)
            let subsystem = try await exchange.registerSubsystem(client: customsClient, code: "VNACCS", name: "Customs clearance",
                                                                 by: administrator)
            return try await body(ExchangeFixture(database: database, exchange: exchange, clock: clock, reader: LedgerReader(database: database),
                                                  subsystem: subsystem, system: system))
        }
    }

    @discardableResult
    func grant(_ service: String, fields: [String], purposes: [String] = ["customs-control"], days: Double = 30) async throws -> Grant {
        try await exchange.grant(.init(subsystemID: subsystem.id, service: service, fields: fields, purposes: purposes,
                                       expiresAt: clock.now().addingTimeInterval(days * 86_400)), by: Self.administrator)
    }

    func query(_ service: String, subject: String = taxCode, purpose: String? = "customs-control", official: String? = "Nguyễn Văn An")
        async throws -> ExchangeService.Answer
    {
        try await exchange.query(service: service, subject: subject, purpose: purpose, official: official, by: customs)
    }

    func journal() async throws -> [QueryRecord] {
        try await exchange.tracker(of: enterpriseID, page: PageRequest(limit: 100), by: Self.administrator).items
    }
}

/// The records the exchange may share, as licensing, identity and trade data would hand them over.
struct FakeSystem: ExchangeEnvironment {
    let customs: UUID
    let enterprise: UUID
    static let certificate = SharedCertificate(number: ExchangeFixture.certificateNumber, type: "IRC", status: "active",
                                               issuedAt: testEpoch, supersededBy: nil, holderTaxCode: ExchangeFixture.taxCode)

    func client(_ id: UUID) async throws -> ExchangeClientInfo? {
        id == ExchangeFixture.customsClient
            ? ExchangeClientInfo(organisationID: customs, organisationKind: .customs, organisationCode: "CUSTOMS",
                                 organisationName: "Hai Phong Customs")
            : nil
    }

    func subject(of subject: ExchangeCatalogue.Subject, reference: String) async throws -> ExchangeSubject? {
        switch subject {
        case .enterprise: reference == ExchangeFixture.taxCode ? ExchangeSubject(organisationID: enterprise, reference: reference) : nil
        case .certificate:
            reference == ExchangeFixture.certificateNumber ? ExchangeSubject(organisationID: enterprise, reference: reference) : nil
        }
    }

    func enterprise(_ organisationID: UUID) async throws -> SharedEnterprise? {
        SharedEnterprise(organisationID: organisationID, name: "Công ty TNHH Cảng Xanh", nameLatin: "Green Port Co., Ltd",
                         taxCode: ExchangeFixture.taxCode, country: "VN", activities: ["5210"], certificates: [Self.certificate])
    }

    func investmentProjects(of organisationID: UUID) async throws -> [SharedProject] { [] }

    func certificate(number: String) async throws -> SharedCertificate? {
        number == ExchangeFixture.certificateNumber ? Self.certificate : nil
    }

    func customsAggregate(of organisationID: UUID) async throws -> SharedCustomsAggregate {
        SharedCustomsAggregate(declarations: 3, byDirection: ["import": 2, "export": 1], byChannel: ["green": 3],
                               value: [.init(direction: "import", amount: "1250.50", currency: "USD")], topChapters: [(chapter: 84, lines: 5)])
    }

    func containerEvents(of organisationID: UUID) async throws -> [SharedContainerEvent] { [] }
}
