import FTZCore
import Foundation
import Storage
import Identity
import TradeData

/// Demo organisations and one account per role, so a newcomer can try the API at once.
/// Credentials are printed and written to `demo-credentials.json` in the data directory.
public enum DemoSeeder {
    public struct Account: Codable, Sendable {
        public var username: String?
        public var password: String?
        public var clientId: String?
        public var clientSecret: String?
        public var organisation: String
    }

    public static let fileName = "demo-credentials.json"

    public enum Failure: Error, CustomStringConvertible {
        case credentialsLost(String)
        public var description: String {
            switch self {
            case .credentialsLost(let path):
                "the demo accounts exist but \(path) is gone; remove the data directory to start afresh"
            }
        }
    }

    /// Creates the demo data once; later calls return the saved credentials.
    public static func seed(services: AppServices, dataDirectory: String) async throws -> [String: Account] {
        let file = URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName)
        let system = Actor.system("demo")
        let existing = try await services.accounts.users(organisation: nil, page: PageRequest(limit: 500), by: system.withRoles([.admin]))
        if existing.items.contains(where: { $0.username == "demo.admin" }) {
            guard let data = try? Data(contentsOf: file) else { throw Failure.credentialsLost(file.path) }
            return try JSONDecoder().decode([String: Account].self, from: data)
        }

        let authority = try await services.organisations.insertOrganisation(.init(
            kind: .zoneAuthority, name: "Ban Quản lý Khu kinh tế Hải Phòng", nameLatin: "Hai Phong Economic Zone Authority",
            country: "VN", preferredLanguage: "vi", code: "HPEZA"), by: system)
        // Every department the catalogue's procedures consult, registered under its code.
        var departments: [String: Organisation] = [:]
        for department in services.catalogue.catalogue.departments {
            departments[department.code] = try await services.organisations.insertOrganisation(.init(
                kind: department.code == "CUSTOMS" ? .customs : .department, name: department.name.text(.vi),
                nameLatin: department.name.text(.en), country: "VN", code: department.code), by: system)
        }
        guard let department = departments["DOC"] else { throw Failure.credentialsLost("catalogue has no DOC department") }
        let investor = try await services.organisations.insertOrganisation(.init(
            kind: .investorEnterprise, name: "Công ty TNHH Năng lượng Gió Biển Đông", nameLatin: "Bien Dong Wind Energy Co., Ltd.",
            country: "VN", taxCode: "0201234569", preferredLanguage: "en"), by: system)
        let customs = departments["CUSTOMS"] ?? department

        var accounts: [String: Account] = [:]
        let people: [(role: Role, username: String, name: String, organisation: Organisation)] = [
            (.admin, "demo.admin", "Quản trị viên", authority),
            (.ezaOfficer, "demo.officer", "Nguyễn Thị Lan", authority),
            (.ezaApprover, "demo.approver", "Trần Văn Minh", authority),
            (.auditor, "demo.auditor", "Lê Hoàng Anh", authority),
            (.programmeOffice, "demo.programmes", "Đỗ Thu Hà", authority),
            (.departmentOfficer, "demo.department", "Phạm Quốc Huy", department),
            (.investor, "demo.investor", "Kim Min-jun", investor),
        ]
        // A customs officer, who works the risk queue and decides lanes.
        let customsPassword = Bootstrap.generatePassword()
        _ = try await services.accounts.insertUser(.init(organisationID: customs.id, username: "demo.customs", displayName: "Vũ Đức Thắng",
                                                         password: customsPassword, roles: [Role.departmentOfficer.rawValue]), by: system)
        for person in people {
            let password = Bootstrap.generatePassword()
            _ = try await services.accounts.insertUser(.init(organisationID: person.organisation.id, username: person.username,
                                                    displayName: person.name, password: password, roles: [person.role.rawValue]),
                                              by: system)
            accounts[person.role.rawValue] = Account(username: person.username, password: password, organisation: person.organisation.name)
        }
        // An officer for every other department a procedure consults, so each consultation
        // can be answered with a printed account (`department_DOHA`, `demo.doha`, …).
        for (index, code) in departments.keys.sorted().enumerated() where code != "DOC" && code != "CUSTOMS" {
            guard let organisation = departments[code] else { continue }
            let username = "demo.\(code.lowercased())"
            let password = Bootstrap.generatePassword()
            _ = try await services.accounts.insertUser(.init(organisationID: organisation.id, username: username,
                                                             displayName: Self.departmentOfficerNames[index % Self.departmentOfficerNames.count],
                                                             password: password, roles: [Role.departmentOfficer.rawValue]), by: system)
            accounts["department_\(code)"] = Account(username: username, password: password, organisation: organisation.name)
        }
        let feed = try await services.clients.insertClient(.init(organisationID: customs.id, name: "VNACCS declaration feed",
                                                         roles: [Role.dataFeed.rawValue], scopes: [TradeService.feedScope]), by: system)
        accounts[Role.dataFeed.rawValue] = Account(clientId: feed.client.clientID, clientSecret: feed.clientSecret,
                                                   organisation: customs.name)
        accounts["customs_officer"] = Account(username: "demo.customs", password: customsPassword, organisation: customs.name)
        try await DemoRiskHistory.seed(services: services, feed: Actor(
            principal: .client(feed.client.id), organisationID: customs.id, organisationKind: .customs, roles: [.dataFeed],
            scopes: [TradeService.feedScope]))
        // A container terminal in the zone pushing DCSA events and EDIFACT reports.
        let terminal = try await services.organisations.insertOrganisation(.init(
            kind: .terminalOperator, name: "Cảng Container Quốc tế Hải Phòng", nameLatin: "Hai Phong International Container Terminal",
            country: "VN", preferredLanguage: "vi", code: "HICT"), by: system)
        let terminalFeed = try await services.clients.insertClient(.init(organisationID: terminal.id, name: "HICT terminal events",
                                                                 roles: [Role.dataFeed.rawValue], scopes: [TradeService.feedScope]), by: system)
        accounts["terminal_feed"] = Account(clientId: terminalFeed.client.clientID, clientSecret: terminalFeed.clientSecret,
                                            organisation: terminal.name)
        try await DemoTelemetry.seed(trade: services.trade, feed: Actor(
            principal: .client(terminalFeed.client.id), organisationID: terminal.id, organisationKind: .terminalOperator, roles: [.dataFeed],
            scopes: [TradeService.feedScope]), now: services.clock.now())
        // The tax department's audit system, registered for exchange, may read the enterprise
        // register for tax assessment for a year.
        if let tax = departments["TAX"] {
            let taxSystem = try await services.clients.insertClient(.init(organisationID: tax.id, name: "Tax audit system",
                                                                  roles: [Role.exchangeClient.rawValue], scopes: []), by: system)
            let subsystem = try await services.exchange.registerSubsystem(client: taxSystem.client.id, code: "TAX-AUDIT",
                                                                          name: "Tax audit system", by: system)
            _ = try await services.exchange.grant(.init(subsystemID: subsystem.id, service: "enterprise-register",
                                                        fields: ["name", "nameLatin", "taxCode", "licensed", "activities", "certificates"],
                                                        purposes: ["tax-assessment"], expiresAt: services.clock.now().addingTimeInterval(365 * 86_400)),
                                                  by: system)
            accounts[Role.exchangeClient.rawValue] = Account(clientId: taxSystem.client.clientID, clientSecret: taxSystem.clientSecret,
                                                             organisation: tax.name)
        }

        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try DurableFile.write(try encoder.encode(accounts), to: file)
        return accounts
    }

    /// Names for the departments' demo officers.
    static let departmentOfficerNames = ["Vũ Thị Hoa", "Hoàng Văn Nam", "Bùi Thị Mai", "Đặng Minh Tuấn", "Ngô Thị Thu", "Trịnh Quang Vinh",
                                         "Lý Thị Hằng", "Phan Văn Đức", "Đinh Thị Yến", "Tạ Quốc Bảo"]
}
