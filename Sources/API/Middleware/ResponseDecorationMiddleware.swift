import HTTPSupport
import HTTPTypes
import Hummingbird
import Ledger
import Synchronization

/// Headers a handler wants on its response, set beside the generated output types.
///
/// The generated server percent-encodes header values it is given (`/v1/users/…` would
/// leave as `%2Fv1%2Fusers%2F…`), so `Location`, `ETag` and friends travel this way.
final class ResponseDecorations: Sendable {
    private let fields = Mutex(HTTPFields())

    @TaskLocal static var current: ResponseDecorations?

    static func set(_ name: HTTPField.Name, _ value: String) {
        current?.fields.withLock { $0[name] = value }
    }

    var all: HTTPFields { fields.withLock { $0 } }
}

/// Applies ``ResponseDecorations`` and puts the receipts of the ledger entries a request
/// caused into `Ledger-Receipt`.
struct ResponseDecorationMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let decorations = ResponseDecorations()
        let receipts = LedgerReceiptCollector()
        var response = try await ResponseDecorations.$current.withValue(decorations) {
            try await LedgerReceiptCollector.$current.withValue(receipts) { try await next(request, context) }
        }
        for field in decorations.all { response.headers[field.name] = field.value }
        if !receipts.receipts.isEmpty {
            response.headers[.ledgerReceipt] = receipts.receipts.map(\.headerValue).joined(separator: ", ")
        }
        return response
    }
}
