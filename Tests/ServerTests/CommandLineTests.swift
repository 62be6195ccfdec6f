import AsyncHTTPClient
import Foundation
import Ledger
import SQLKit
import Storage
import Synchronization
import Testing
import TestSupport

/// The shipped binary end to end: concurrent changes through server processes sharing
/// one database, then `ftz ledger verify`, locally and as a remote auditor.
@Suite("ftz binary: concurrent servers and ledger verification", .serialized)
struct CommandLineTests {
    static let password = "a long test password"

    struct Setup {
        let binary: FTZBinary
        let dataDirectory: String
        let verifierKey: String
    }

    static func withSetup(_ kind: DatabaseKind, _ body: (Setup) async throws -> Void) async throws {
        let (location, cleanup) = try await TestDatabase.makeLocation(kind)
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ftz-cli-\(UUID())").path
        let key = NoteSigningKey(name: "hpftz.gov.vn/ledger", privateKey: .init())
        var environment = ["FTZ_BCRYPT_COST": "4", "FTZ_LOG_LEVEL": "info", "FTZ_LEDGER_SIGNING_KEY": LedgerSigningKeys.serialize(key),
                           "FTZ_LEDGER_CHECKPOINT_SECONDS": "1", "FTZ_DATABASE_POOL_SIZE": "10"]
        switch location {
        case .postgres(let url): environment["FTZ_DATABASE_URL"] = url
        case .sqlite(let path): environment["FTZ_DATABASE_URL"] = "sqlite:\(path)"
        }
        let binary = FTZBinary(environment: environment)
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        do {
            let bootstrap = try await binary.run(["admin", "bootstrap", "--password", password, "--data-dir", dataDirectory])
            try #require(bootstrap.status == 0, "bootstrap failed: \(bootstrap.error)")
            try await body(Setup(binary: binary, dataDirectory: dataDirectory, verifierKey: key.verifier.serialized))
        } catch {
            await binary.spawned.stopAll()
            await cleanup()
            throw error
        }
        await binary.spawned.stopAll()
        await cleanup()
    }

    /// Fires `count` organisation creations, spread over the servers, at most `width` at once.
    static func createOrganisations(_ count: Int, through servers: [ServerProcess], token: String, width: Int = 40) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            var statuses: [Int] = []
            for number in 0..<count {
                if number >= width, let status = try await group.next() { statuses.append(status) }
                let server = servers[number % servers.count]
                group.addTask {
                    try await server.request(.POST, "/v1/organisations", token: token,
                                             json: ["kind": "department", "name": "Department \(number)", "country": "VN"]).status
                }
            }
            for try await status in group { statuses.append(status) }
            return statuses
        }
    }

    static func login(_ server: ServerProcess) async throws -> String {
        let response = try await server.request(.POST, "/v1/auth/login", json: ["username": "admin", "password": password])
        return try #require(response.body["accessToken"] as? String, "login failed: \(response)")
    }

    @Test(arguments: TestDatabase.kinds)
    func concurrentChangesGiveAContiguousVerifiableLog(kind: DatabaseKind) async throws {
        try await Self.withSetup(kind) { setup in
            // PostgreSQL: two processes on one database. SQLite is one process by design.
            let processCount = kind == .postgres ? 2 : 1
            var servers: [ServerProcess] = []
            for _ in 0..<processCount { servers.append(try await setup.binary.serve(dataDirectory: setup.dataDirectory)) }
            let token = try await Self.login(servers[0])
            let statuses = try await Self.createOrganisations(1000, through: servers, token: token)
            #expect(statuses.count == 1000 && statuses.allSatisfy { $0 == 201 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")

            let state = setup.dataDirectory + "/audit-state.json"
            let remote = try await setup.binary.run(["ledger", "verify", "--url", servers[processCount - 1].baseURL,
                                                     "--trusted-key", setup.verifierKey, "--state", state])
            #expect(remote.status == 0, "\(remote.output) \(remote.error)")
            for server in servers { await server.stop() }

            let local = try await setup.binary.run(["ledger", "verify", "--data-dir", setup.dataDirectory])
            #expect(local.status == 0, "\(local.output) \(local.error)")
            #expect(local.output.contains("ledger verified"))

            // Every change exactly once, at contiguous indices.
            let database = try await Database.open(
                DatabaseLocation(url: setup.binary.environment["FTZ_DATABASE_URL"]!), poolSize: 1, logger: TestDatabase.logger)
            let indices = try await database.read {
                try await $0.raw("SELECT idx FROM ledger_entries ORDER BY idx").all().map { try $0.decode(column: "idx", as: Int64.self) }
            }
            let created = try await database.read {
                try await $0.raw("SELECT COUNT(DISTINCT subject_id) AS n FROM ledger_entries WHERE action = 'identity.organisation.created'")
                    .first()!.decode(column: "n", as: Int.self)
            }
            await database.close()
            #expect(indices == Array(0..<Int64(indices.count)))
            #expect(created == 1000 + 1, "1000 departments and the zone authority")

            // A second remote audit, after more growth, checks consistency with the first.
            let again = try await setup.binary.serve(dataDirectory: setup.dataDirectory)
            _ = try await Self.createOrganisations(5, through: [again], token: try await Self.login(again))
            try await Task.sleep(for: .seconds(2))
            let second = try await setup.binary.run(["ledger", "verify", "--url", again.baseURL, "--trusted-key", setup.verifierKey,
                                                     "--state", state])
            await again.stop()
            #expect(second.status == 0 && second.output.contains("consistent with the checkpoint"), "\(second.output) \(second.error)")
        }
    }

    @Test func verifyFailsNamingTheIndexOfATamperedEntry() async throws {
        try await Self.withSetup(.sqlite) { setup in
            let server = try await setup.binary.serve(dataDirectory: setup.dataDirectory)
            _ = try await Self.createOrganisations(10, through: [server], token: try await Self.login(server))
            await server.stop()
            let database = try await Database.open(
                DatabaseLocation(url: setup.binary.environment["FTZ_DATABASE_URL"]!), poolSize: 1, logger: TestDatabase.logger)
            try await database.transaction { tx in
                try await tx.sql.raw("UPDATE ledger_entries SET entry = CAST(REPLACE(CAST(entry AS TEXT), 'Department 3', 'Department X') AS BLOB)").run()
            }
            await database.close()
            let result = try await setup.binary.run(["ledger", "verify", "--data-dir", setup.dataDirectory])
            #expect(result.status == 2)
            #expect(result.error.contains("LEDGER VERIFICATION FAILED at index"), "\(result.error)")
            #expect(result.error.contains("leaf hash"))
        }
    }
}
