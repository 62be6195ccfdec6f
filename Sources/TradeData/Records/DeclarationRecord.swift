import FTZCore
import Foundation

/// A declaration record of a feed batch (JSON modelled on VNACCS), read into a
/// ``Declaration`` or the list of what is wrong with it.
enum DeclarationRecord {
    /// `types` are the procedure type codes the zone receives (its trade catalogue).
    static func read(_ record: JSONValue, at pointer: String, id: UUID,
                     types: [String: TradeCatalogue.DeclarationType]) -> Result<Declaration, RecordErrors> {
        let reader = RecordReader()
        guard reader.object(record, at: pointer) != nil else { return .failure(RecordErrors(key: nil, errors: reader.errors)) }
        let number = reader.declarationNumber(record["number"], at: "\(pointer)/number")
        let version = reader.integer(record["version"], at: "\(pointer)/version")
        let typeCode = reader.oneOf(record["typeCode"], at: "\(pointer)/typeCode", types.keys)
        let registeredAt = reader.instant(record["registeredAt"], at: "\(pointer)/registeredAt")
        let declarant = reader.value(record["declarantTaxCode"], at: "\(pointer)/declarantTaxCode", TaxCode.init)
        let trader = reader.object(record["trader"], at: "\(pointer)/trader")
        let traderTaxCode = reader.value(trader?["taxCode"], at: "\(pointer)/trader/taxCode", TaxCode.init)
        let traderName = reader.string(trader?["name"], at: "\(pointer)/trader/name", maximum: 300)
        let total = reader.money(record["totalValue"], at: "\(pointer)/totalValue")
        let channel = reader.oneOf(record["channel"], at: "\(pointer)/channel", Set(Declaration.Channel.allCases.map(\.rawValue)))
        let status = reader.oneOf(record["status"], at: "\(pointer)/status", Set(Declaration.Status.allCases.map(\.rawValue)))
        let lines = reader.array(record["lines"], at: "\(pointer)/lines", minimum: 1, maximum: 999).compactMap { line, linePointer in
            readLine(line, at: linePointer, reader: reader)
        }
        let containers = reader.array(record["containers"], at: "\(pointer)/containers", required: false, maximum: 500)
            .compactMap { item, itemPointer in reader.value(item, at: itemPointer, ContainerNumber.init) }
        if let total, !lines.isEmpty, lines.allSatisfy({ $0.value.currency == total.currency }) {
            let sum = lines.reduce(Int64(0)) { $0 + $1.value.minorUnits }
            if sum != total.minorUnits { reader.fail("\(pointer)/totalValue", "total_mismatch", ["lines": Money(minorUnits: sum, currency: total.currency).amount]) }
        }
        let key = number.map { n in version.map { "\(n)/\($0)" } ?? n }
        guard reader.errors.isEmpty, let number, let version, let typeCode, let type = types[typeCode], let registeredAt, let declarant, let traderTaxCode,
              let traderName, let total, let channel = channel.flatMap(Declaration.Channel.init), let status = status.flatMap(Declaration.Status.init)
        else {
            return .failure(RecordErrors(key: key, errors: reader.errors, identity: .init(declaration: RecordIdentity.text(record["number"]))))
        }
        var content = record
        if case .object(var members) = content {
            members["version"] = .integer(Int64(version))
            content = .object(members)
        }
        return .success(Declaration(id: id, number: number, version: version, typeCode: typeCode, direction: type.direction,
                                    registeredAt: registeredAt, declarantTaxCode: declarant, traderTaxCode: traderTaxCode,
                                    traderName: traderName, organisationID: nil, totalValue: total, channel: channel, status: status,
                                    lines: lines, containers: containers, digest: RecordReader.digest(content)))
    }

    private static func readLine(_ line: JSONValue, at pointer: String, reader: RecordReader) -> Declaration.Line? {
        guard reader.object(line, at: pointer) != nil else { return nil }
        let hsCode = reader.value(line["hsCode"], at: "\(pointer)/hsCode", HSCode.init)
        let description = reader.string(line["description"], at: "\(pointer)/description", maximum: 500)
        let quantity = reader.number(line["quantity"], at: "\(pointer)/quantity")
        let unit = reader.string(line["unit"], at: "\(pointer)/unit", maximum: 10)
        let value = reader.money(line["value"], at: "\(pointer)/value")
        let origin = reader.string(line["originCountry"], at: "\(pointer)/originCountry", maximum: 2)
        if let origin, !CountryCode.isAssigned(origin) { reader.fail("\(pointer)/originCountry", "country_code") }
        // Optional: VNACCS carries the gross weight, and risk targeting compares value per kilogram.
        let weight = line["grossWeightKg"].flatMap { $0 == .null ? nil : reader.number($0, at: "\(pointer)/grossWeightKg") }
        guard let hsCode, let description, let quantity, let unit, let value, let origin, CountryCode.isAssigned(origin) else { return nil }
        return Declaration.Line(hsCode: hsCode, description: description, quantity: quantity, unit: unit, value: value, originCountry: origin,
                                grossWeightKg: weight)
    }
}

/// A record that could not be read: its key when one was readable, and every problem.
struct RecordErrors: Error {
    let key: String?
    let errors: [Problem.FieldError]
    var identity = RecordIdentity()
}
