import App
import FTZCore
import DocumentSigning
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Ledger
import Logging
import Notifications
import NIOCore
import API
import HTTPSupport
import WebConsole
import Storage
import TestSupport

/// A running application on a fresh database with an administrator, two investor
/// enterprises and their users; requests go through the real router and middleware.
struct ServerFixture {
    let services: AppServices
    let client: any TestClientProtocol
    let adminToken: String
    let investorToken: String
    let otherInvestorToken: String
    let investorOrganisation: Organisation
    let otherInvestorOrganisation: Organisation
    let officerToken: String
    let approverToken: String
    let programmeOfficeToken: String
    /// Tokens of officers of the departments the catalogue consults, by department code.
    let departmentTokens: [String: String]

    static let password = "a long test password"

    static func with(_ kind: DatabaseKind, configure: (inout ServerConfiguration) -> Void = { _ in },
                     webhookTransport: (any WebhookTransport)? = nil,
                     _ body: @escaping @Sendable (ServerFixture) async throws -> Void) async throws {
        try await TestDatabase.withFresh(kind) { database in
            var configuration = ServerConfiguration()
            configuration.bcryptCost = 4
            // Tests drive the notification outbox themselves (project, deliverDue), step by step.
            configuration.notificationInterval = 0
            configuration.webhookAllowInsecureHTTP = true
            configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ftz-server-\(UUID())").path
            configure(&configuration)
            let key = NoteSigningKey(name: configuration.ledgerOrigin, privateKey: .init())
            // The development CA the server would make, in the test's data directory (its
            // `trust-anchors/` is what a test hands pdfsig to trust).
            let documentSigner = try DevelopmentCertificateAuthority.prepare(in: configuration.developmentDocumentSigningDirectory, now: Date()).signer
            let services = try AppServices(database: database, configuration: configuration, signingKeys: [key],
                                           certificateKey: NoteSigningKey(name: configuration.certificateKeyName, privateKey: .init()),
                                           documentSigner: documentSigner, webhookTransport: webhookTransport, logger: TestDatabase.logger)
            try await services.checkpoints.registerKeys()
            try await services.catalogue.seed()
            try await services.programmes.seed()
            defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
            let admin = try await Bootstrap.firstAdministrator(services: services, zoneName: "EZA", username: "admin", password: password)
            let system = Actor.system("test")
            let investor = try await services.organisations.insertOrganisation(
                .init(kind: .investorEnterprise, name: "Công ty Sao Biển", country: "VN", taxCode: "0201234569"), by: system)
            let other = try await services.organisations.insertOrganisation(
                .init(kind: .investorEnterprise, name: "ハイフォン株式会社", country: "JP", preferredLanguage: "ja"), by: system)
            for (name, organisation) in [("investor", investor), ("other", other)] {
                _ = try await services.accounts.insertUser(.init(organisationID: organisation.id, username: name, displayName: name,
                                                                 password: password, roles: ["investor"]), by: system)
            }
            func token(_ username: String) async throws -> String {
                try await services.authentication.login(username: username, password: password, clientAddress: nil).accessToken
            }
            for (name, role) in [("officer", "eza_officer"), ("approver", "eza_approver"), ("programmes", "programme_office")] {
                _ = try await services.accounts.insertUser(.init(organisationID: admin.organisation.id, username: name, displayName: name,
                                                                 password: password, roles: [role]), by: system)
            }
            var tokens: [String: String] = [:]
            for department in services.catalogue.catalogue.departments {
                let organisation = try await services.organisations.insertOrganisation(
                    .init(kind: .department, name: department.name.text(.vi), country: "VN", code: department.code), by: system)
                let username = "dept.\(department.code.lowercased())"
                _ = try await services.accounts.insertUser(.init(organisationID: organisation.id, username: username, displayName: username,
                                                                 password: password, roles: ["department_officer"]), by: system)
                tokens[department.code] = try await token(username)
            }
            let departmentTokens = tokens
            let adminToken = try await token(admin.user.username)
            let officerToken = try await token("officer")
            let approverToken = try await token("approver")
            let programmeOfficeToken = try await token("programmes")
            let investorToken = try await token("investor")
            let otherToken = try await token("other")
            let app = try services.application(logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await body(ServerFixture(services: services, client: client, adminToken: adminToken, investorToken: investorToken,
                                             otherInvestorToken: otherToken, investorOrganisation: investor,
                                             otherInvestorOrganisation: other, officerToken: officerToken,
                                             approverToken: approverToken, programmeOfficeToken: programmeOfficeToken,
                                             departmentTokens: departmentTokens))
            }
        }
    }

    /// Sends a request; `json` is serialised as the body with `Content-Type: application/json`.
    @discardableResult
    func request(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Any? = nil, body: String? = nil,
                 bytes: Data? = nil, headers extra: [String: String] = [:]) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let body {
            buffer = ByteBuffer(string: body)
        } else if let bytes {
            headers[.contentType] = "application/octet-stream"
            buffer = ByteBuffer(data: bytes)
        }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return try await client.execute(uri: path, method: method, headers: headers, body: buffer)
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    /// Pointers named in a problem document's `errors`.
    var problemPointers: [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }
    }

    var isProblem: Bool { headers[.contentType] == "application/problem+json" && json["type"] is String && json["title"] is String }
}
