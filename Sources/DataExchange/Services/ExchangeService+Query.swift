import Crypto
import FTZCore
import Foundation
import Ledger

/// One query: authorise by grant and purpose, fetch, keep only granted fields, journal
/// (allowed or denied) in the ledger before answering, sign the answer.
extension ExchangeService {
    /// A signed answer. The signature covers `ftz-exchange-answer/v1`, the query id and the
    /// SHA-256 of the body's RFC 8785 canonical JSON, so a department can prove what it
    /// received however the JSON was re-serialised on the way.
    public struct Answer: Sendable {
        public let queryID: UUID
        public let body: JSONValue
        /// `sha-256=:BASE64:` (RFC 9530 syntax) of the canonical body.
        public let digest: String
        public let signature: [UInt8]
        /// The verifier key that checks it, as `GET /v1/exchange/keys` lists it.
        public let keyName: String
        public let ledgerIndex: Int64?
    }

    public static let signatureContext = "ftz-exchange-answer/v1"

    public static func signedMessage(queryID: UUID, digest: String) -> Data {
        Data("\(signatureContext)\n\(queryID.lowercasedString)\n\(digest)".utf8)
    }

    public static func digest(of body: JSONValue) -> String {
        "sha-256=:\(Data(SHA256.hash(data: body.canonicalBytes)).base64EncodedString()):"
    }

    public var verifierKey: NoteVerifierKey { signingKey.verifier }

    /// Longest official's name (`Exchange-Official`) and subject reference a query may carry.
    static let maximumOfficialLength = 100
    static let maximumSubjectLength = 64

    public func query(service code: String, subject reference: String, purpose: String?, official: String?, by actor: Actor) async throws
        -> Answer
    {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        guard case .client(let client) = actor.principal else { throw Problem(.forbidden, "not_a_subsystem") }
        let now = clock.now()
        if let wait = limiter.take(client, at: now) { throw Problem(.tooManyRequests, "rate_limited", retryAfter: wait) }
        // Only a registered subsystem's queries are journalled, and only once they name
        // catalogue codes and a well-formed subject and official: anything else is refused
        // before a byte of it reaches the journal or the ledger, so no caller can write its
        // own text into an enterprise's data tracker for ever.
        guard let (subsystem, grants) = try await registration(of: client) else { throw Problem(.forbidden, "not_a_subsystem") }
        var validator = FieldValidator()
        if let purpose { validator.check(catalogue.purpose(purpose) != nil, "purpose", "purpose_unknown",
                                         arguments: ["allowed": catalogue.purposes.map(\.code).joined(separator: ", ")]) }
        else { validator.add("purpose", "required") }
        if let official {
            validator.check(!official.trimmingCharacters(in: .whitespaces).isEmpty && official.schemaLength <= Self.maximumOfficialLength,
                            "official", "too_long", arguments: ["max": String(Self.maximumOfficialLength)])
            validator.check(!official.unicodeScalars.contains { $0.properties.generalCategory == .control }, "official",
                            "control_characters")
        } else { validator.add("official", "required") }
        guard let service = catalogue.service(code) else { throw Problem.notFound("exchange_service") }
        if service.subject == .enterprise, (try? TaxCode(reference)) == nil { validator.add("subject", "tax_code.format") }
        validator.check(reference.schemaLength <= Self.maximumSubjectLength, "subject", "too_long",
                        arguments: ["max": String(Self.maximumSubjectLength)])
        try validator.finish()
        guard let purpose, let official else { throw Problem.invalid(validator.errors) }

        let queryID = UUID.v7(at: now)
        let subject = try await environment.subject(of: service.subject, reference: reference)
        func journal(_ outcome: QueryRecord.Outcome, reason: String?, fields: [String] = []) async throws -> QueryRecord {
            try await self.journal.write(QueryRecord(id: queryID, at: now, subsystem: subsystem.identifier, memberName: subsystem.memberCode,
                                                     service: service.code, purpose: purpose, official: official,
                                                     subjectOrganisation: subject?.organisationID, subjectReference: reference,
                                                     outcome: outcome, reason: reason, fields: fields), by: actor)
        }
        func deny(_ problem: Problem, reason: String) async throws -> Never {
            _ = try await journal(.denied, reason: reason)
            throw problem
        }

        guard let resolved = subject else {
            _ = try await journal(.allowed, reason: "subject_not_found")
            throw Problem.notFound(service.subject == .enterprise ? "organisation" : "certificate")
        }
        let active = grants.filter { $0.service == code && $0.isActive(at: now) }
        guard !active.isEmpty else {
            let reason = grants.contains { $0.service == code } ? "grant_inactive" : "no_grant"
            try await deny(Problem(.forbidden, "exchange_not_granted", arguments: ["client": subsystem.identifier, "service": code]), reason: reason)
        }
        let matching = active.filter { $0.purposes.contains(purpose) }
        guard !matching.isEmpty else {
            try await deny(Problem(.forbidden, "exchange_purpose_not_granted", arguments: ["purpose": purpose, "service": code]),
                           reason: "purpose_not_granted")
        }
        let fields = Set(matching.flatMap(\.fields))
        let records = try await service.source.records(about: resolved, from: environment).map { record in
            JSONValue.object(record.filter { fields.contains($0.key) })
        }
        let written = try await journal(.allowed, reason: nil, fields: fields.sorted())
        let body: JSONValue = [
            "queryId": .string(queryID.lowercasedString), "service": .string(code), "client": .string(subsystem.identifier),
            "purpose": .string(purpose), "subject": .string(reference), "issuedAt": .string(RFC3339.format(now)),
            "fields": .array(fields.sorted().map(JSONValue.string)), "records": .array(records),
        ]
        let digest = Self.digest(of: body)
        let signature = try signingKey.privateKey.signature(for: Self.signedMessage(queryID: queryID, digest: digest))
        return Answer(queryID: queryID, body: body, digest: digest, signature: Array(signature), keyName: signingKey.verifier.serialized,
                      ledgerIndex: written.ledgerIndex)
    }

    // MARK: Data tracker

    /// Who queried data about an organisation: for its own people, or for staff.
    public func tracker(of organisation: UUID?, page: PageRequest, by actor: Actor) async throws -> Page<QueryRecord> {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let subject: UUID?
        if actor.hasAny(.admin, .auditor) {
            subject = organisation
        } else if actor.has(.investor), let own = actor.organisationID, organisation == nil || organisation == own {
            subject = own
        } else {
            throw Problem(.forbidden, "forbidden_role", arguments: ["roles": "investor, admin, auditor"])
        }
        let before = try Self.journalCursor(page)
        let rows = try await database.read { sql in
            try await self.repository.queries(subject: subject, subsystem: nil, before: before, limit: page.limit, on: sql)
        }
        return Page(fetched: rows, limit: page.limit) { $0.id.uuidString }
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
