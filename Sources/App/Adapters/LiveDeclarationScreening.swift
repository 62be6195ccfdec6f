import FTZCore
import Foundation
import Risk
import RiskLearning
import Storage
import TradeData

/// Risk targeting of the trade feed: each accepted declaration becomes a risk subject (one
/// set of facts per goods line, values in the zone's reference currency) and each
/// inspection outcome labels its assessment.
struct LiveDeclarationScreening: DeclarationScreening {
    let risk: RiskService

    func screen(_ declarations: [ScreenedDeclaration], in tx: Transaction) async throws {
        try await risk.assess(declarations.map(subject), in: tx)
    }

    func inspected(_ outcomes: [InspectionOutcome], in tx: Transaction) async throws {
        let valuation = risk.catalogue.valuation
        try await risk.recordOutcomes(outcomes.compactMap { outcome in
            guard let id = outcome.declarationID else { return nil }
            let revenue = valuation.convert(Self.major(outcome.revenue), from: outcome.revenue.currency.code) ?? 0
            return RiskOutcome(declarationID: id, finding: outcome.finding, revenue: revenue, inspectedAt: outcome.inspectedAt)
        }, in: tx)
    }

    func subject(_ screened: ScreenedDeclaration) -> RiskSubject {
        let declaration = screened.declaration
        let valuation = risk.catalogue.valuation
        let lines = declaration.lines.map { line in
            DeclarationFacts(
                registeredAt: declaration.registeredAt, declarant: declaration.declarantTaxCode.description,
                importer: declaration.traderTaxCode.parent.description, importerSince: nil, hsCode: line.hsCode.description,
                origin: line.originCountry, quantity: line.quantity, grossKilograms: line.grossWeightKg ?? 0,
                // A currency without a rate gives no value: the value features are then unknown, not wrong.
                value: valuation.convert(Self.major(line.value), from: line.value.currency.code) ?? 0,
                dutyRate: nil, licensedChapters: screened.licensedChapters, transhipments: nil, dwellHours: screened.dwellHours,
                loadingPort: screened.loadingPort)
        }
        return RiskSubject(declarationID: declaration.id, number: declaration.number, version: declaration.version,
                           organisationID: declaration.organisationID, registeredAt: declaration.registeredAt,
                           declarant: declaration.declarantTaxCode.description, importer: declaration.traderTaxCode.parent.description,
                           lines: lines, customsChannel: Lane(rawValue: declaration.channel.rawValue))
    }

    static func major(_ money: Money) -> Double { Double(money.amount) ?? 0 }
}
