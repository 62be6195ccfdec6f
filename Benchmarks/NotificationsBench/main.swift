import FTZCore
import Foundation
import Hummingbird
import Ledger
import Localization
import Logging
import Notifications
import SQLKit
import Storage
import Synchronization

// Webhook delivery benchmark, run in release mode by scripts/bench/webhooks:
//   NotificationsBench DB EVENTS PORT
// EVENTS ledger entries an investor is told about are appended for one organisation with one
// webhook endpoint: a local HTTP receiver on PORT that fails every other call (500). The
// outbox projects and delivers (real HTTP, signed) until every delivery is acknowledged;
// the receiver checks each delivery id is acknowledged exactly once and each signature.
// DB is a path (SQLite) or a postgres:// URL.

let arguments = CommandLine.arguments
guard arguments.count >= 4, let events = Int(arguments[2]), let port = Int(arguments[3]) else {
    print("usage: NotificationsBench DB EVENTS PORT")
    exit(2)
}
var logger = Logger(label: "bench")
logger.logLevel = .error
let database = try await Database.open(DatabaseLocation(url: arguments[1]), poolSize: 16, logger: logger)
try await MigrationRunner(database: database, logger: logger).migrate()
let clock = SystemWallClock()
let ledger = Ledger(database: database, clock: clock)

struct EnglishSpeakers: NotificationEnvironment {
    func preferredLanguage(of organisation: UUID) async throws -> Language? { .en }
}

/// What the receiver saw: calls, refusals, acknowledgements per webhook-id, bad signatures.
struct Tally {
    var calls = 0
    var refused = 0
    var acknowledged: [String: Int] = [:]
    var badSignatures = 0
}
let tally = Mutex(Tally())
let signer = Mutex<WebhookSignature?>(nil)

let router = Router()
router.post("hook") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    let id = request.headers[.init("webhook-id")!] ?? ""
    let timestamp = Int64(request.headers[.init("webhook-timestamp")!] ?? "") ?? 0
    let signature = request.headers[.init("webhook-signature")!] ?? ""
    let valid = signer.withLock { $0?.verify(id: id, timestamp: timestamp, body: body.readableBytesView, header: signature) } ?? false
    let refuse = tally.withLock { tally -> Bool in
        tally.calls += 1
        if !valid { tally.badSignatures += 1 }
        guard tally.calls % 2 == 1 else { tally.acknowledged[id, default: 0] += 1; return false }
        tally.refused += 1
        return true
    }
    return Response(status: refuse ? .internalServerError : .noContent)
}
var quiet = logger
quiet.logLevel = .critical  // the receiver's shutdown at the end is not news
let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: quiet)
let receiverTask = Task { try await receiver.runService() }
try await Task.sleep(for: .milliseconds(300))

var configuration = NotificationService.Configuration()
configuration.allowInsecureHTTP = true
configuration.allowedHosts = ["127.0.0.1"]  // the receiver is on loopback, which production refuses
// The production schedule (30 s doubling to 6 h) compressed to milliseconds, with room for the
// unlucky: at 50 % failures a delivery fails k times in a row with probability 2^-k.
configuration.retry = RetryPolicy(firstDelay: 0.01, maximumDelay: 0.2, maximumAttempts: 40)
let service = NotificationService(database: database, ledger: ledger, clock: clock, environment: EnglishSpeakers(),
                                  messages: .bundled, secrets: .random(),
                                  transport: HTTPWebhookTransport(allowedHosts: ["127.0.0.1"]), configuration: configuration, logger: logger)

let organisation = UUID.v7(at: clock.now())
try await database.transaction { tx in
    try await tx.sql.raw("""
        INSERT INTO organisations (id, kind, name, country, preferred_language, created_at, version)
        VALUES (\(bind: organisation), 'investor_enterprise', \(bind: "Webhook Bench \(organisation.uuidString.prefix(8))"), 'KR', 'en', \(bind: clock.now()), 1)
        """).run()
}
let investor = Actor(principal: .user(UUID()), organisationID: organisation, organisationKind: .investorEnterprise, roles: [.investor])
// Entries appended before this run (an earlier run on the same database) are not this run's news.
try await service.project()
let endpoint = try await service.createEndpoint(url: "http://127.0.0.1:\(port)/hook", description: "bench", eventTypes: ["dossier.submit"],
                                                by: investor)
signer.withLock { $0 = WebhookSignature(secret: endpoint.secret) }

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
func peakRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss / 1024)
}

let appendStart = ContinuousClock.now
for batch in stride(from: 0, to: events, by: 500) {
    try await database.transaction { tx in
        for number in batch..<min(events, batch + 500) {
            let dossier = UUID.v7(at: clock.now()).lowercasedString
            _ = try await ledger.append(LedgerEvent(action: "licensing.dossier.submit", subjectType: "dossier", subjectID: dossier,
                                                    organisationID: organisation,
                                                    payload: ["action": "submit", "from": "draft", "to": "submitted",
                                                              "reference": .string("HPFTZ-BENCH-\(number)")]),
                                        by: investor, in: tx)
        }
    }
}
let appendSeconds = seconds(ContinuousClock.now - appendStart)

let start = ContinuousClock.now
var projected = 0
var rounds = 0
var delivered = 0
while delivered < events {
    projected += try await service.project()
    let attempted = try await service.deliverDue()
    rounds += 1
    if attempted == 0 {
        let counts = try await service.deliveryCounts(endpoint: endpoint.id)
        delivered = counts[.delivered] ?? 0
        if (counts[.failed] ?? 0) > 0 { print("FAILED deliveries: \(counts[.failed]!)"); break }
        if delivered < events { try await Task.sleep(for: .milliseconds(5)) }
    }
}
let elapsed = seconds(ContinuousClock.now - start)
let result = tally.withLock { $0 }
let once = result.acknowledged.count == events && result.acknowledged.values.allSatisfy { $0 == 1 }
print(String(format: "%d events: appended in %.2f s; all %d delivered in %.2f s (%.0f deliveries/s) over %d rounds; receiver saw %d calls, refused %d; each id acknowledged once: %@; bad signatures: %d; peak RSS %d MB",
             events, appendSeconds, delivered, elapsed, Double(delivered) / elapsed, rounds, result.calls, result.refused,
             once ? "yes" : "NO", result.badSignatures, peakRSSMegabytes()))
receiverTask.cancel()
await database.close()
exit(once && result.badSignatures == 0 && projected == events ? 0 : 1)
