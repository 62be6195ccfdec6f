import Hummingbird
import Ledger

/// Puts the receipts of the ledger entries a request caused into `Ledger-Receipt`.
struct LedgerReceiptMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let collector = LedgerReceiptCollector()
        var response = try await LedgerReceiptCollector.$current.withValue(collector) { try await next(request, context) }
        let receipts = collector.receipts
        if !receipts.isEmpty {
            response.headers[.ledgerReceipt] = receipts.map(\.headerValue).joined(separator: ", ")
        }
        return response
    }
}
