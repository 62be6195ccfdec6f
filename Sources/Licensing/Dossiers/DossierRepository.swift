import FTZCore
import Foundation
import SQLKit
import Storage

/// SQL for dossiers, their history, notes and consultations.
struct DossierRepository {
    struct Row: Decodable {
        let id: UUID
        let reference: String?
        let organisation_id: UUID
        let procedure_code: String
        let procedure_version: Int
        let status: String
        let form: String
        let created_by: UUID
        let assignee_id: UUID?
        let submitted_on: Int?
        let clock_started_on: Int?
        let appointment_on: Int?
        let paused_on: Int?
        let remaining_days: Int?
        let paused_days: Int
        let decided_on: Int?
        let processing_days: Int?
        let on_time: Bool?
        let refusal_reasons: String?
        let certificate_number: String?
        let national_code: String?
        let receipt_code: String?
        let created_at: Date
        let updated_at: Date
        let version: Int

        var model: Dossier {
            Dossier(id: id, reference: reference, organisationID: organisation_id, procedureCode: procedure_code,
                    procedureVersion: procedure_version, status: DossierStatus(rawValue: status) ?? .draft,
                    form: (try? JSONDecoder().decode(JSONValue.self, from: Data(form.utf8))) ?? [:], createdBy: created_by,
                    assigneeID: assignee_id, submittedOn: submitted_on.map(LocalDate.init(dayNumber:)),
                    clockStartedOn: clock_started_on.map(LocalDate.init(dayNumber:)),
                    appointmentOn: appointment_on.map(LocalDate.init(dayNumber:)), pausedOn: paused_on.map(LocalDate.init(dayNumber:)),
                    remainingDays: remaining_days, pausedDays: paused_days, decidedOn: decided_on.map(LocalDate.init(dayNumber:)),
                    processingDays: processing_days, onTime: on_time,
                    refusalReasons: refusal_reasons.map { $0.split(separator: ",").map(String.init) } ?? [],
                    certificateNumber: certificate_number, nationalCode: national_code, receiptCode: receipt_code, createdAt: created_at,
                    updatedAt: updated_at, version: version)
        }
    }

    static let columns = """
        id, reference, organisation_id, procedure_code, procedure_version, status, form, created_by, assignee_id, submitted_on,
        clock_started_on, appointment_on, paused_on, remaining_days, paused_days, decided_on, processing_days, on_time, refusal_reasons,
        certificate_number, national_code, receipt_code, created_at, updated_at, version
        """

    func insert(_ dossier: Dossier, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO dossiers (id, organisation_id, procedure_code, procedure_version, status, form, created_by, paused_days,
                                  created_at, updated_at, version)
            VALUES (\(bind: dossier.id), \(bind: dossier.organisationID), \(bind: dossier.procedureCode), \(bind: dossier.procedureVersion),
                    \(bind: dossier.status.rawValue), \(bind: dossier.form.canonicalString), \(bind: dossier.createdBy), 0,
                    \(bind: dossier.createdAt), \(bind: dossier.updatedAt), \(bind: dossier.version))
            """).run()
        try await replaceSearchTerms(of: dossier, on: sql)
    }

    /// The dossier's search words, written again whole (a handful of rows): on insert, and by
    /// the service when what they come from (form, reference, national code) changed.
    func replaceSearchTerms(of dossier: Dossier, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM dossier_search_terms WHERE dossier_id = \(bind: dossier.id)").run()
        let terms = dossier.searchTerms.sorted()
        guard !terms.isEmpty else { return }
        try await sql.raw(SQLQueryString("INSERT INTO dossier_search_terms (term, dossier_id) VALUES ")
            + SQLBatch.joined(terms.map { "(\(bind: $0), \(bind: dossier.id))" }) + " ON CONFLICT DO NOTHING").run()
    }

    /// Dossiers stored without search words (before the words existed), a batch at a time in
    /// id order after `after` (a dossier with no words at all is passed over, not retried).
    func unindexed(after: UUID?, limit: Int, on sql: any SQLDatabase) async throws -> [Dossier] {
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM dossiers WHERE ")
            + "NOT EXISTS (SELECT 1 FROM dossier_search_terms terms WHERE terms.dossier_id = dossiers.id)"
        if let after { query = query + " AND id > \(bind: after)" }
        return try await sql.raw(query + " ORDER BY id LIMIT \(bind: limit)").all(decoding: Row.self).map(\.model)
    }

    func find(reference: String, on sql: any SQLDatabase) async throws -> Dossier? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM dossiers WHERE reference = \(bind: reference)").first(decoding: Row.self)?.model
    }

    func find(_ id: UUID, on sql: any SQLDatabase, forUpdate: Bool = false) async throws -> Dossier? {
        let lock = sql.rowLock(forUpdate)
        return try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM dossiers WHERE id = \(bind: id)\(unsafeRaw: lock)")
            .first(decoding: Row.self)?.model
    }

    /// Writes every mutable field if the stored version is still `expectedVersion`.
    func update(_ dossier: Dossier, expectedVersion: Int, on sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw("""
            UPDATE dossiers SET reference = \(bind: dossier.reference), status = \(bind: dossier.status.rawValue),
                form = \(bind: dossier.form.canonicalString), assignee_id = \(bind: dossier.assigneeID),
                submitted_on = \(bind: dossier.submittedOn?.dayNumber),
                clock_started_on = \(bind: dossier.clockStartedOn?.dayNumber), appointment_on = \(bind: dossier.appointmentOn?.dayNumber),
                paused_on = \(bind: dossier.pausedOn?.dayNumber), remaining_days = \(bind: dossier.remainingDays),
                paused_days = \(bind: dossier.pausedDays), decided_on = \(bind: dossier.decidedOn?.dayNumber),
                processing_days = \(bind: dossier.processingDays), on_time = \(bind: dossier.onTime),
                refusal_reasons = \(bind: dossier.refusalReasons.isEmpty ? nil : dossier.refusalReasons.joined(separator: ",")),
                certificate_number = \(bind: dossier.certificateNumber), national_code = \(bind: dossier.nationalCode), receipt_code = \(bind: dossier.receiptCode),
                updated_at = \(bind: dossier.updatedAt),
                version = \(bind: dossier.version)
            WHERE id = \(bind: dossier.id) AND version = \(bind: expectedVersion) RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// A queue page, ordered by due date then id (undated drafts last), keyset-paginated.
    struct Filter: Sendable {
        var organisation: UUID?
        var procedure: String?
        var statuses: [DossierStatus]?
        var assignee: UUID?
        var dueOnOrBefore: LocalDate?
        var overdueAsOf: LocalDate?
        /// A search: dossiers with this reference, of these organisations, or whose words
        /// begin with each of these (folded) words.
        var search: (reference: String, organisations: [UUID], words: [String])?
        var order: LicensingService.QueueOrder = .due
    }

    func list(_ filter: Filter, page: PageRequest, on sql: any SQLDatabase) async throws -> Page<Dossier> {
        // The sort key: the appointment day, or the day received (either way, drafts and paused
        // dossiers sort after dated ones); each has its indexes (migrations 0007 and 0027).
        let sortColumn = filter.order == .received ? "submitted_on" : "appointment_on"
        let sortKey = "COALESCE(\(sortColumn), 2147483647)"
        var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM dossiers WHERE 1 = 1")
        if let organisation = filter.organisation { query = query + " AND organisation_id = \(bind: organisation)" }
        if let procedure = filter.procedure { query = query + " AND procedure_code = \(bind: procedure)" }
        if let statuses = filter.statuses, !statuses.isEmpty {
            query = query + " AND status IN (" + Self.list(statuses.map(\.rawValue)) + ")"
        }
        if let assignee = filter.assignee { query = query + " AND assignee_id = \(bind: assignee)" }
        if let due = filter.dueOnOrBefore { query = query + " AND appointment_on <= \(bind: due.dayNumber)" }
        if let today = filter.overdueAsOf {
            query = query + " AND appointment_on < \(bind: today.dayNumber) AND status IN ("
                + Self.list(DossierStatus.allCases.filter(\.isActive).map(\.rawValue)) + ")"
        }
        if let search = filter.search {
            // Given many enterprises (a vague name fragment), SQLite would fetch every dossier
            // of each through the organisation index and sort them all: 138 ms for 500 of
            // 2,000 enterprises over 100,000 dossiers, where walking the queue order and
            // filtering finds a page in 1.5 ms. Given a few, the lookups win (0.5 against 200 ms).
            let column = search.organisations.count > Self.organisationLookups ? sql.unindexed("organisation_id") : "organisation_id"
            let organisations = search.organisations.isEmpty ? ""
                : " OR \(unsafeRaw: column) IN (" + SQLBatch.joined(search.organisations.map { "\(bind: $0)" }) + ")"
            // Each word is a prefix: a range of the terms' index. Few dossiers hold the rarest
            // word: they are looked up and named; every word common: each dossier met while
            // walking the queue order is checked instead (a match comes every few rows).
            var words: SQLQueryString = ""
            if !search.words.isEmpty {
                if let few = try await wordMatches(search.words, limit: Self.wordLookups, on: sql) {
                    if !few.isEmpty { words = " OR id IN (" + SQLBatch.joined(few.map { "\(bind: $0)" }) + ")" }
                } else {
                    words = " OR (" + SQLBatch.joined(search.words.map { word in
                        "EXISTS (SELECT 1 FROM dossier_search_terms terms WHERE terms.dossier_id = dossiers.id AND " + Self.prefixed(word, in: "terms") + ")"
                    }, separator: " AND ") + ")"
                }
            }
            query = query + " AND (reference = \(bind: search.reference)" + organisations + words + ")"
        }
        if let cursor = page.after, let split = cursor.firstIndex(of: ":"), let day = Int(cursor[..<split]),
           let id = UUID(uuidString: String(cursor[cursor.index(after: split)...])) {
            // A row-value comparison, which both databases answer with a range scan of the index.
            query = query + " AND (\(unsafeRaw: sortKey), id) > (\(bind: day), \(bind: id))"
        }
        query = query + " ORDER BY \(unsafeRaw: sortKey), id LIMIT \(bind: page.limit + 1)"
        let rows = try await sql.raw(query).all(decoding: Row.self)
        let order = filter.order
        return Page(fetched: rows.map(\.model), limit: page.limit) {
            "\((order == .received ? $0.submittedOn : $0.appointmentOn)?.dayNumber ?? 2_147_483_647):\($0.id.uuidString)"
        }
    }

    /// Up to this many dossiers holding the rarest word of a search, they are looked up by id.
    static let wordLookups = 2_000

    /// `table.term` begins with `word`: a range of the index.
    static func prefixed(_ word: String, in table: String) -> SQLQueryString {
        "\(unsafeRaw: table).term >= \(bind: word) AND \(unsafeRaw: table).term < \(bind: successor(of: word))"
    }

    /// The dossiers whose words begin with every one of `words`, when the rarest of them
    /// begins words of at most `limit` dossiers: those are read from the index and checked
    /// for the other words. Nil when every word is that common.
    func wordMatches(_ words: [String], limit: Int, on sql: any SQLDatabase) async throws -> [UUID]? {
        struct Count: Decodable { let n: Int }
        struct Match: Decodable { let dossier_id: UUID }
        var rarest: (word: String, count: Int)?
        for word in words {
            let bounded = SQLQueryString("SELECT COUNT(*) AS n FROM (SELECT 1 FROM dossier_search_terms terms WHERE ") + Self.prefixed(word, in: "terms")
                + " LIMIT \(bind: limit + 1)) bounded"
            let counted = try await sql.raw(bounded).first(decoding: Count.self)?.n ?? 0
            if counted == 0 { return [] }
            if counted < rarest?.count ?? .max { rarest = (word, counted) }
        }
        guard let rarest, rarest.count <= limit else { return nil }
        var query = SQLQueryString("SELECT DISTINCT first.dossier_id FROM dossier_search_terms first WHERE ") + Self.prefixed(rarest.word, in: "first")
        for word in words where word != rarest.word {
            query = query + " AND EXISTS (SELECT 1 FROM dossier_search_terms other WHERE other.dossier_id = first.dossier_id AND "
                + Self.prefixed(word, in: "other") + ")"
        }
        return try await sql.raw(query).all(decoding: Match.self).map(\.dossier_id)
    }

    /// The first string after every string that begins with `prefix`, in binary order: the
    /// prefix with its last character moved one on ("kim" → "kin").
    static func successor(of prefix: String) -> String {
        var scalars = Array(prefix.unicodeScalars)
        guard let last = scalars.popLast() else { return "\u{10FFFF}" }
        var next = last.value + 1
        if (0xD800...0xDFFF).contains(next) { next = 0xE000 }
        guard let scalar = Unicode.Scalar(next) else { return prefix + "\u{10FFFF}" }
        scalars.append(scalar)
        return String(String.UnicodeScalarView(scalars))
    }

    /// Up to this many enterprises, a search looks their dossiers up; beyond, it filters the queue order.
    static let organisationLookups = 20

    static func list(_ values: [String]) -> SQLQueryString { SQLBatch.joined(values.map { "\(bind: $0)" }) }

    // MARK: History, notes

    func insertEvent(_ event: DossierEvent, dossier: UUID, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO dossier_events (id, dossier_id, at, actor, action, from_status, to_status, details)
            VALUES (\(bind: event.id), \(bind: dossier), \(bind: event.at), \(bind: event.actor), \(bind: event.action),
                    \(bind: event.fromStatus?.rawValue), \(bind: event.toStatus.rawValue), \(bind: event.details.canonicalString))
            """).run()
    }

    private struct EventRow: Decodable {
        let id: UUID
        let at: Date
        let actor: String
        let action: String
        let from_status: String?
        let to_status: String
        let details: String
    }

    func events(of dossier: UUID, on sql: any SQLDatabase) async throws -> [DossierEvent] {
        try await sql.raw("""
            SELECT id, at, actor, action, from_status, to_status, details FROM dossier_events
            WHERE dossier_id = \(bind: dossier) ORDER BY at, id
            """).all(decoding: EventRow.self).map { row in
            DossierEvent(id: row.id, at: row.at, actor: row.actor, action: row.action,
                         fromStatus: row.from_status.flatMap(DossierStatus.init(rawValue:)),
                         toStatus: DossierStatus(rawValue: row.to_status) ?? .draft,
                         details: (try? JSONDecoder().decode(JSONValue.self, from: Data(row.details.utf8))) ?? [:])
        }
    }

    func insertNote(_ note: DossierNote, dossier: UUID, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO dossier_notes (id, dossier_id, author, at, text)
            VALUES (\(bind: note.id), \(bind: dossier), \(bind: note.author), \(bind: note.at), \(bind: note.text))
            """).run()
    }

    func notes(of dossier: UUID, on sql: any SQLDatabase) async throws -> [DossierNote] {
        struct NoteRow: Decodable { let id: UUID; let author: String; let at: Date; let text: String }
        return try await sql.raw("SELECT id, author, at, text FROM dossier_notes WHERE dossier_id = \(bind: dossier) ORDER BY at, id")
            .all(decoding: NoteRow.self).map { DossierNote(id: $0.id, author: $0.author, at: $0.at, text: $0.text) }
    }

    /// Next number of a series (`DOSSIER:IRC:2026`), gap-free within committed transactions.
    func nextNumber(in series: String, on sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("""
            INSERT INTO reference_counters (series, last_value) VALUES (\(bind: series), 1)
            ON CONFLICT (series) DO UPDATE SET last_value = reference_counters.last_value + 1
            RETURNING last_value
            """).first()
        return try row!.decode(column: "last_value", as: Int64.self)
    }
}
