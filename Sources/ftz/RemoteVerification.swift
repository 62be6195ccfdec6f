import ArgumentParser
import AsyncHTTPClient
import Foundation
import Ledger
import NIOCore
import NIOFoundationCompat

/// The HTTP side of `ftz ledger verify --url`.
struct RemoteVerification {
    let baseURL: String
    let trustedKeys: [NoteVerifierKey]
    let statePath: String?
    let samples: Int
    let token: String?

    func run() async throws {
        guard !trustedKeys.isEmpty else { throw ValidationError("--url needs at least one --trusted-key") }
        let previous: RemoteAudit.State? = try statePath.flatMap { path in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return try JSONDecoder().decode(RemoteAudit.State.self, from: data)
        }
        let endpoint = HTTPLedgerEndpoint(baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL, token: token)
        do {
            let outcome = try await RemoteAudit(endpoint: endpoint, trustedKeys: trustedKeys).run(previous: previous, samples: samples)
            let checkpoint = outcome.checkpoint
            print("checkpoint verified: \(checkpoint.origin) size \(checkpoint.size) root \(Data(checkpoint.root).base64EncodedString())")
            if let previous { print("consistent with the checkpoint of size \(previous.size) seen before") }
            print("inclusion verified for \(outcome.sampled.count) sampled entries (\(outcome.entriesChecked) with their bytes)")
            if let statePath {
                let state = RemoteAudit.State(origin: checkpoint.origin, size: checkpoint.size, root: Data(checkpoint.root).base64EncodedString())
                try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: statePath), options: .atomic)
            }
        } catch let failure as RemoteAudit.Failure {
            FileHandle.standardError.write(Data("LEDGER AUDIT FAILED at \(failure)\n".utf8))
            throw ExitCode(2)
        }
    }
}

struct HTTPLedgerEndpoint: LedgerEndpoint {
    let baseURL: String
    let token: String?

    struct HTTPFailure: Error, CustomStringConvertible {
        let description: String
    }

    private func get(_ path: String) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Data(buffer: body))
    }

    private func json<T: Decodable>(_ path: String, as type: T.Type) async throws -> T {
        let (status, data) = try await get(path)
        guard status == 200 else { throw HTTPFailure(description: "GET \(path) answered \(status): \(String(decoding: data, as: UTF8.self))") }
        return try JSONDecoder().decode(T.self, from: data)
    }

    private static func decode(_ hashes: [String]) throws -> [[UInt8]] {
        try hashes.map { text in
            guard let data = Data(base64Encoded: text) else { throw HTTPFailure(description: "proof hash is not base64: \(text)") }
            return Array(data)
        }
    }

    func checkpoint() async throws -> String {
        let (status, data) = try await get("/v1/ledger/checkpoint")
        guard status == 200 else { throw HTTPFailure(description: "GET /v1/ledger/checkpoint answered \(status)") }
        return String(decoding: data, as: UTF8.self)
    }

    func consistencyProof(from: Int64, to: Int64) async throws -> [[UInt8]] {
        struct Body: Decodable { let hashes: [String] }
        return try Self.decode(try await json("/v1/ledger/proof/consistency?from=\(from)&to=\(to)", as: Body.self).hashes)
    }

    func inclusionProof(index: Int64, treeSize: Int64) async throws -> (leafHash: [UInt8], hashes: [[UInt8]]) {
        struct Body: Decodable { let leafHash: String; let hashes: [String] }
        let body = try await json("/v1/ledger/proof/inclusion?index=\(index)&treeSize=\(treeSize)", as: Body.self)
        return (try Self.decode([body.leafHash])[0], try Self.decode(body.hashes))
    }

    func entry(index: Int64) async throws -> [UInt8]? {
        guard token != nil else { return nil }
        struct Body: Decodable { let canonical: String }
        return Array(try await json("/v1/ledger/entries/\(index)", as: Body.self).canonical.utf8)
    }
}
