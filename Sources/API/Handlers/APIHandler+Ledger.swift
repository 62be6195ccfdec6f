import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Ledger
import OpenAPIRuntime

extension APIHandler {
    func getLedgerCheckpoint(_ input: Operations.GetLedgerCheckpoint.Input) async throws -> Operations.GetLedgerCheckpoint.Output {
        let checkpoint = try await services.ledgerService.checkpoint()
        return .ok(.init(body: .plainText(HTTPBody(checkpoint.note))))
    }

    func getLedgerKeys(_ input: Operations.GetLedgerKeys.Input) async throws -> Operations.GetLedgerKeys.Output {
        let keys = try await services.checkpoints.publishedKeys()
        return .ok(.init(body: .json(.init(origin: services.checkpoints.origin, keys: keys.map { key in
            .init(verifierKey: key.verifierKey, status: key.status == "current" ? .current : .retired, addedAt: key.addedAt,
                  retiredAt: key.retiredAt)
        }))))
    }

    func listLedgerEntries(_ input: Operations.ListLedgerEntries.Input) async throws -> Operations.ListLedgerEntries.Output {
        let page = try page(limit: input.query.limit, cursor: input.query.cursor)
        let result = try await services.ledgerService.entries(start: input.query.start ?? 0, end: input.query.end, page: page, by: actor)
        return .ok(.init(body: .json(.init(items: result.items.map(LedgerMapping.entry), nextCursor: result.nextCursor))))
    }

    func getLedgerEntry(_ input: Operations.GetLedgerEntry.Input) async throws -> Operations.GetLedgerEntry.Output {
        .ok(.init(body: .json(LedgerMapping.entry(try await services.ledgerService.entry(at: input.path.index, by: actor)))))
    }

    func getInclusionProof(_ input: Operations.GetInclusionProof.Input) async throws -> Operations.GetInclusionProof.Output {
        let proof = try await services.ledgerService.inclusionProof(index: input.query.index, treeSize: input.query.treeSize)
        return .ok(.init(body: .json(.init(index: proof.index, treeSize: proof.treeSize, leafHash: LedgerMapping.base64(proof.leafHash),
                                           hashes: proof.hashes.map(LedgerMapping.base64)))))
    }

    func getConsistencyProof(_ input: Operations.GetConsistencyProof.Input) async throws -> Operations.GetConsistencyProof.Output {
        let hashes = try await services.ledgerService.consistencyProof(from: input.query.from, to: input.query.to)
        return .ok(.init(body: .json(.init(from: input.query.from, to: input.query.to, hashes: hashes.map(LedgerMapping.base64)))))
    }
}

/// Ledger values ⇄ generated API types.
enum LedgerMapping {
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    static func entry(_ entry: StoredEntry) -> Components.Schemas.LedgerEntry {
        .init(index: entry.index, leafHash: base64(entry.leafHash), timestamp: entry.createdAt, action: entry.action,
              subjectType: entry.subjectType, subjectId: entry.subjectID, organisationId: entry.organisationID?.lowercasedString,
              canonical: entry.canonicalText,
              visibility: entry.visibility == .organisation ? .organisation : ._internal,
              redacted: entry.redacted)
    }
}
