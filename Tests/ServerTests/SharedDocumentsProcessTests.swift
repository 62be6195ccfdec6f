import AsyncHTTPClient
import Foundation
import Ledger
import NIOCore
import NIOHTTP1
import Storage
import Testing
import TestSupport

/// Two `ftz serve` processes on one PostgreSQL database, each with its own data directory:
/// a document uploaded through one is downloaded through the other. (SQLite is one process
/// by design, and keeps its documents as files beside the database.) Part of the binary's
/// serialized suite: processes are spawned one test at a time.
extension CommandLineTests {
    @Test func aDocumentUploadedThroughOneProcessIsServedByAnother() async throws {
        try await Self.withSetup(.postgres) { setup in
            let serverA = try await setup.binary.serve(dataDirectory: setup.dataDirectory)
            let serverB = try await setup.binary.serve(dataDirectory: setup.dataDirectory + "-b")
            defer { try? FileManager.default.removeItem(atPath: setup.dataDirectory + "-b") }
            let admin = try await Self.login(serverA)
            let organisation = try await serverA.request(.POST, "/v1/organisations", token: admin,
                                                         json: ["kind": "investor_enterprise", "name": "Sao Biển", "country": "VN"])
            let organisationID = try #require(organisation.body["id"] as? String, "\(organisation)")
            let user = try await serverA.request(.POST, "/v1/users", token: admin,
                                                 json: ["organisationId": organisationID, "username": "investor", "displayName": "Investor",
                                                        "password": Self.password, "roles": ["investor"]])
            try #require(user.status == 201, "\(user)")
            let login = try await serverA.request(.POST, "/v1/auth/login", json: ["username": "investor", "password": Self.password])
            let token = try #require(login.body["accessToken"] as? String)
            let dossier = try await serverA.request(.POST, "/v1/dossiers", token: token,
                                                    json: ["procedureCode": "CONSTRUCTION-PERMIT", "form": LicensingAPITests.form])
            let dossierID = try #require(dossier.body["id"] as? String, "\(dossier)")

            let uploaded = try await serverA.send(.POST, "/v1/dossiers/\(dossierID)/documents?type=design-drawings&filename=drawings.pdf",
                                                  token: token, bytes: LicensingAPITests.pdf, contentType: "application/octet-stream")
            try #require(uploaded.status == 201, "\(uploaded.status)")
            let document = try JSONSerialization.jsonObject(with: uploaded.body) as? [String: Any]
            let documentID = try #require(document?["id"] as? String)
            let downloaded = try await serverB.send(.GET, "/v1/dossiers/\(dossierID)/documents/\(documentID)/content", token: token)
            #expect(downloaded.status == 200)
            #expect(downloaded.body == LicensingAPITests.pdf, "process B serves the bytes process A stored")
            #expect(downloaded.headers["X-Content-Type-Options"].first == "nosniff")
            #expect(downloaded.headers["Content-Disposition"].first?.contains("drawings.pdf") == true)
            let files = FileManager.default.enumerator(atPath: setup.dataDirectory + "/documents")?.allObjects ?? []
            #expect(files.isEmpty, "on PostgreSQL no process keeps document bytes on its own disk")
            await serverA.stop()
            await serverB.stop()
        }
    }
}

extension ServerProcess {
    /// A request with raw bytes, answered with status, headers and raw body.
    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, bytes: Data? = nil, contentType: String? = nil) async throws
        -> (status: Int, headers: HTTPHeaders, body: Data)
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let bytes { request.body = .bytes(ByteBuffer(data: bytes)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 32 << 20)
        return (Int(response.status.code), response.headers, Data(buffer: body))
    }
}
