import FTZCore
import Foundation
import Storage

/// Where accepted declarations and inspection outcomes go for risk targeting, inside the
/// transaction that stores them (the composition root connects it to the risk capability).
public protocol DeclarationScreening: Sendable {
    func screen(_ declarations: [ScreenedDeclaration], in tx: Transaction) async throws
    func inspected(_ outcomes: [InspectionOutcome], in tx: Transaction) async throws
}

/// An accepted declaration with what the zone knows around it.
public struct ScreenedDeclaration: Sendable {
    public let declaration: Declaration
    /// HS chapters the trader's licensed activities cover; nil when unknown.
    public let licensedChapters: Set<Int>?
    /// The port of loading of the first of its containers with a manifest.
    public let loadingPort: String?
    /// Hours the longest-staying of its containers has been in the zone at registration.
    public let dwellHours: Double?
}
