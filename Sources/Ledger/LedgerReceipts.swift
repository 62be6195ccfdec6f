import Synchronization

/// Collects the receipts of entries appended while serving one request, so the server can
/// return them in the `Ledger-Receipt` header without every service threading them back.
/// A receipt is recorded only after its transaction commits.
public final class LedgerReceiptCollector: Sendable {
    private let collected = Mutex<[LedgerReceipt]>([])

    public init() {}

    @TaskLocal public static var current: LedgerReceiptCollector?

    /// Also for entries committed on the request's behalf elsewhere (a group commit).
    public func record(_ receipt: LedgerReceipt) { collected.withLock { $0.append(receipt) } }

    public var receipts: [LedgerReceipt] { collected.withLock { $0 } }
}
