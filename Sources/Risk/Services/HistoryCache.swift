import Foundation
import RiskLearning
import Synchronization

/// The features' memory of past declarations, held in this process and rebuilt from the
/// stored assessments (their lines, lanes and outcomes, in time order) when first needed
/// or after a rolled-back write. Assessments observe into it as they are computed, so a
/// batch's later declarations see its earlier ones, as they would one by one.
final class HistoryCache: Sendable {
    private let state = Mutex<RiskHistory?>(nil)

    /// Runs `body` on the history, loading it with `load` first if it is not held.
    func with<R>(load: () async throws -> RiskHistory, _ body: (inout RiskHistory) throws -> R) async throws -> R {
        if state.withLock({ $0 == nil }) {
            let loaded = try await load()
            state.withLock { if $0 == nil { $0 = loaded } }
        }
        return try state.withLock { history in
            // Moved out and back so that the dictionaries inside stay uniquely referenced
            // and are changed in place rather than copied.
            var held = history ?? RiskHistory()
            history = nil
            defer { history = held }
            return try body(&held)
        }
    }

    /// Forgets the history; the next use reloads it from the database.
    func invalidate() { state.withLock { $0 = nil } }
}

extension HistoryCache {
    /// Changes the history only if it is held: one not yet loaded will read the change
    /// from the database.
    func ifLoaded(_ body: (inout RiskHistory) -> Void) {
        state.withLock { history in
            guard var held = history else { return }
            history = nil
            body(&held)
            history = held
        }
    }
}
