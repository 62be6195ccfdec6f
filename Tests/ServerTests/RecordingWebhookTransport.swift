import Foundation
import Notifications
import Synchronization

/// A webhook receiver in memory: records every request and answers with the status the
/// test chooses (or no answer at all, like a receiver that is down).
final class RecordingWebhookTransport: WebhookTransport {
    struct Received: Sendable {
        let url: String
        let headers: [String: String]
        let body: [UInt8]
        var id: String { headers["webhook-id"] ?? "" }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    }

    enum Answer: Sendable { case status(Int), unreachable }

    private let state = Mutex<(received: [Received], answer: Answer)>(([], .status(204)))

    var received: [Received] { state.withLock { $0.received } }

    func answer(_ answer: Answer) { state.withLock { $0.answer = answer } }

    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async -> Result<Int, WebhookTransportError> {
        let answer = state.withLock { state in
            state.received.append(Received(url: url, headers: Dictionary(headers) { $1 }, body: body))
            return state.answer
        }
        switch answer {
        case .status(let code): return .success(code)
        case .unreachable: return .failure(WebhookTransportError(.refused))
        }
    }
}
