import FTZCore
import Foundation
import Risk
import TradeData

/// A month of customs declarations for the demo, so that the risk queue and the model
/// versions have something to show: six importers, one of which undervalues and one of
/// which declares under a lower-duty HS code, inspection outcomes for most of the month,
/// a model trained from them, and today's declarations scored by it. Seeded, so every
/// demo shows the same.
enum DemoRiskHistory {
    struct Importer {
        let taxCode: String
        let name: String
        /// Declared unit prices are this share of the market price.
        let priceShare: Double
        /// Declares its goods under the lower-duty code.
        let misclassifies: Bool
    }

    static let importers = [
        Importer(taxCode: "0201234569", name: "Công ty TNHH Năng lượng Gió Biển Đông", priceShare: 1, misclassifies: false),
        Importer(taxCode: "0207770005", name: "Công ty CP Thiết bị Điện Hải An", priceShare: 1, misclassifies: false),
        Importer(taxCode: "0207770037", name: "Công ty TNHH Cơ khí Đình Vũ", priceShare: 1, misclassifies: false),
        Importer(taxCode: "0207770044", name: "Công ty TNHH Linh kiện Tràng Duệ", priceShare: 1, misclassifies: false),
        Importer(taxCode: "0207770012", name: "Công ty TNHH Thương mại Bến Rừng", priceShare: 0.3, misclassifies: false),
        Importer(taxCode: "0207770051", name: "Công ty TNHH XNK Cát Hải", priceShare: 1, misclassifies: true),
    ]

    /// HS codes with market unit prices (VND) and origins; the second is the lower-duty code
    /// a misclassifier declares instead of the first.
    static let goods: [(code: String, price: Double, origins: [String])] = [
        ("85023100", 1_850_000_000, ["DE", "DK", "CN"]),
        ("85044090", 42_000_000, ["CN", "JP", "KR"]),
        ("73089099", 26_000_000, ["CN", "VN", "KR"]),
        ("85371099", 65_000_000, ["DE", "JP", "CN"]),
    ]

    static func seed(services: AppServices, feed: Actor) async throws {
        var random = SplitMix64(seed: 2026)
        let now = services.clock.now()
        var month: [JSONValue] = []
        var outcomes: [JSONValue] = []
        for index in 0..<420 {
            // Spread over the thirty days before today, oldest first.
            let at = now.addingTimeInterval(-30 * 86_400 + Double(index) * (29 * 86_400 / 420))
            let (record, fraudulent) = declaration(index, at: at, random: &random)
            month.append(record)
            // Most of the month was inspected; the last days await their results.
            if index < 360, index % 3 != 2 || fraudulent {
                outcomes.append(outcome(index, finding: fraudulent, at: at.addingTimeInterval(86_400)))
            }
        }
        _ = try await services.trade.ingestDeclarations(month, by: feed)
        _ = try await services.trade.ingestInspections(outcomes, by: feed)
        _ = try await services.risk.train(by: .system("demo"))
        let today = (420..<460).map { declaration($0, at: now.addingTimeInterval(-Double(460 - $0) * 600), random: &random).record }
        _ = try await services.trade.ingestDeclarations(today, by: feed)
    }

    static func number(_ index: Int) -> String { String(format: "30%010d", index) }

    static func declaration(_ index: Int, at: Date, random: inout SplitMix64) -> (record: JSONValue, fraudulent: Bool) {
        let importer = importers[Int(random.next() % UInt64(importers.count))]
        let good = goods[Int(random.next() % UInt64(goods.count))]
        let origin = good.origins[Int(random.next() % UInt64(good.origins.count))]
        let quantity = 1 + Int(random.next() % 20)
        // Prices move a little around the market price; a fraudster's far less.
        let noise = 0.85 + 0.3 * Double(random.unit())
        let undervalued = importer.priceShare < 1 && random.unit() < 0.7
        let misclassified = importer.misclassifies && good.code == "85023100" || importer.misclassifies && random.unit() < 0.4
        let code = misclassified ? goods[2].code : good.code
        let unitPrice = good.price * noise * (undervalued ? importer.priceShare : 1)
        let value = String(format: "%.0f", unitPrice * Double(quantity))
        let record: JSONValue = [
            "number": .string(number(index)), "version": 1, "typeCode": "A12", "registeredAt": .string(RFC3339.format(at)),
            "declarantTaxCode": "0100109106", "trader": ["taxCode": .string(importer.taxCode), "name": .string(importer.name)],
            "totalValue": ["amount": .string(value), "currency": "VND"], "channel": "green", "status": "registered",
            "lines": [["hsCode": .string(code), "description": "Thiết bị điện gió", "quantity": .integer(Int64(quantity)), "unit": "SET",
                       "value": ["amount": .string(value), "currency": "VND"], "originCountry": .string(origin),
                       "grossWeightKg": .number(Double(quantity) * good.price / 4_000_000 * (misclassified ? 60 : 1))]],
        ]
        return (record, undervalued || misclassified)
    }

    static func outcome(_ index: Int, finding: Bool, at: Date) -> JSONValue {
        var record: JSONValue = [
            "declarationNumber": .string(number(index)), "declarationVersion": 1, "method": "physical",
            "result": finding ? "finding" : "no_finding", "inspectedAt": .string(RFC3339.format(at)),
            "revenueRaised": ["amount": finding ? "185000000" : "0", "currency": "VND"],
        ]
        if finding, case .object(var members) = record {
            members["findingKind"] = "undervaluation"
            record = .object(members)
        }
        return record
    }
}
