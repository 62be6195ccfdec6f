import FTZCore
import Foundation

/// An inspection outcome record of a feed batch: `declarationNumber`, `declarationVersion`,
/// `method`, `result` (`finding` or `no_finding`), `findingKind` with a finding,
/// `revenueRaised` (zero without one) and `inspectedAt`.
enum InspectionRecord {
    static func read(_ record: JSONValue, at pointer: String, id: UUID) -> Result<InspectionOutcome, RecordErrors> {
        let reader = RecordReader()
        guard reader.object(record, at: pointer) != nil else { return .failure(RecordErrors(key: nil, errors: reader.errors)) }
        let number = reader.declarationNumber(record["declarationNumber"], at: "\(pointer)/declarationNumber")
        let version = reader.integer(record["declarationVersion"], at: "\(pointer)/declarationVersion")
        let method = reader.oneOf(record["method"], at: "\(pointer)/method", InspectionOutcome.Method.allCases.map(\.rawValue))
        let result = reader.oneOf(record["result"], at: "\(pointer)/result", ["finding", "no_finding"])
        let kind = reader.oneOf(record["findingKind"], at: "\(pointer)/findingKind", InspectionOutcome.FindingKind.allCases.map(\.rawValue),
                                required: result == "finding")
        if result == "no_finding", kind != nil { reader.fail("\(pointer)/findingKind", "only_with_finding") }
        let revenue = reader.money(record["revenueRaised"], at: "\(pointer)/revenueRaised")
        if let revenue, revenue.minorUnits < 0 { reader.fail("\(pointer)/revenueRaised", "minimum", ["min": "0"]) }
        if let revenue, result == "no_finding", revenue.minorUnits != 0 { reader.fail("\(pointer)/revenueRaised", "only_with_finding") }
        let inspectedAt = reader.instant(record["inspectedAt"], at: "\(pointer)/inspectedAt")
        let key = number.map { n in version.map { "\(n)/\($0)" } ?? n }
        guard reader.errors.isEmpty, let number, let version, let method = method.flatMap(InspectionOutcome.Method.init), let result,
              let revenue, let inspectedAt
        else {
            return .failure(RecordErrors(key: key, errors: reader.errors, identity: .init(declaration: RecordIdentity.text(record["declarationNumber"]))))
        }
        return .success(InspectionOutcome(id: id, declarationNumber: number, declarationVersion: version, declarationID: nil, method: method,
                                          finding: result == "finding", findingKind: kind.flatMap(InspectionOutcome.FindingKind.init),
                                          revenue: revenue, inspectedAt: inspectedAt, digest: RecordReader.digest(record)))
    }
}
