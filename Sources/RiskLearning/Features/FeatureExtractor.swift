import Foundation

/// Computes a declaration's feature row from the catalogue's definitions and the history of
/// what came before it. NaN marks a feature that cannot be computed (no tariff, too little
/// history); the trees learn where such declarations belong.
public struct FeatureExtractor: Sendable {
    public let definitions: [FeatureDefinition]

    public init(definitions: [FeatureDefinition]) { self.definitions = definitions }

    public func features(of facts: DeclarationFacts, history: RiskHistory) -> [Float] {
        let unitValue = RiskHistory.logRatio(facts.value, facts.quantity)
        let perKilogram = RiskHistory.logRatio(facts.value, facts.grossKilograms)
        let importer = history.importers[facts.importer]
        let declarant = history.declarants[facts.declarant]
        return definitions.map { definition -> Float in
            let minimum = definition.minimumHistory ?? 5
            func z(_ values: RiskHistory.RecentValues?, _ x: Float?) -> Float {
                guard let values, let x else { return .nan }
                return values.robustZ(x, minimum: minimum) ?? .nan
            }
            func rate(_ part: Int, _ whole: Int) -> Float { whole >= minimum ? Float(part) / Float(whole) : .nan }
            switch definition.kind {
            case .declaredValue: return Float(log1p(max(0, facts.value)))
            case .dutyRate: return facts.dutyRate.map(Float.init) ?? .nan
            case .hsChapter: return Float(facts.chapter)
            case .unitValueAgainstCodeAndOrigin: return z(history.unitValueByCodeAndOrigin[facts.hsCode + "|" + facts.origin], unitValue)
            case .unitValueAgainstCode: return z(history.unitValueByCode[facts.hsCode], unitValue)
            case .valuePerKilogramAgainstCode: return z(history.valuePerKilogramByCode[facts.hsCode], perKilogram)
            case .weightValueRatio: return perKilogram ?? .nan
            case .quantityValueRatio: return unitValue ?? .nan
            case .originShareForCode:
                let total = history.declarationsByCode[facts.hsCode] ?? 0
                return total >= minimum ? Float(history.originsByCode[facts.hsCode]?[facts.origin] ?? 0) / Float(total) : .nan
            case .importerDeclarations: return Float(importer?.declarations ?? 0)
            case .importerFindings: return Float(importer?.findings ?? 0)
            case .importerFindingRate: return rate(importer?.findings ?? 0, importer?.inspected ?? 0)
            case .importerAgeDays:
                guard let since = facts.importerSince else { return .nan }
                return Float(max(0, facts.registeredAt.timeIntervalSince(since) / 86_400))
            case .importerNewCode: return importer?.codes.contains(facts.hsCode) == true ? 0 : 1
            case .declarantDeclarations: return Float(declarant?.declarations ?? 0)
            case .declarantFindings: return Float(declarant?.findings ?? 0)
            case .declarantFindingRate: return rate(declarant?.findings ?? 0, declarant?.inspected ?? 0)
            case .chapterLicensed:
                guard let chapters = facts.licensedChapters else { return .nan }
                return chapters.contains(facts.chapter) ? 1 : 0
            case .transhipments: return facts.transhipments.map(Float.init) ?? .nan
            case .dwellHours: return facts.dwellHours.map(Float.init) ?? .nan
            case .loadingOutsideOrigin:
                guard let port = facts.loadingPort, port.count == 5 else { return .nan }
                return port.hasPrefix(facts.origin) ? 0 : 1
            case .importerRedShare: return rate(importer?.red ?? 0, importer?.declarations ?? 0)
            case .importerControlShare: return rate(importer?.controlled ?? 0, importer?.declarations ?? 0)
            }
        }
    }
}
