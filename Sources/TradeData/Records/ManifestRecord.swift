import FTZCore
import Foundation

/// A cargo manifest record: vessel, voyage, ports, and bills of lading with containers.
enum ManifestRecord {
    static func read(_ record: JSONValue, at pointer: String, id: UUID) -> Result<Manifest, RecordErrors> {
        let reader = RecordReader()
        guard reader.object(record, at: pointer) != nil else { return .failure(RecordErrors(key: nil, errors: reader.errors)) }
        let imo = reader.value(record["vesselIMONumber"], at: "\(pointer)/vesselIMONumber", IMONumber.init)
        let voyage = reader.string(record["voyage"], at: "\(pointer)/voyage", maximum: 50)
        let loading = reader.value(record["portOfLoading"], at: "\(pointer)/portOfLoading", UNLocode.init)
        let discharge = reader.value(record["portOfDischarge"], at: "\(pointer)/portOfDischarge", UNLocode.init)
        let bills = reader.array(record["bills"], at: "\(pointer)/bills", minimum: 1, maximum: 5000).compactMap { bill, billPointer -> Manifest.Bill? in
            guard reader.object(bill, at: billPointer) != nil else { return nil }
            let number = reader.string(bill["number"], at: "\(billPointer)/number", maximum: 50)
            let consignee = reader.value(bill["consigneeTaxCode"], at: "\(billPointer)/consigneeTaxCode", required: false, TaxCode.init)
            let containers = reader.array(bill["containers"], at: "\(billPointer)/containers", minimum: 1, maximum: 1000)
                .compactMap { item, itemPointer -> Manifest.Container? in
                    guard let container = reader.value(item["number"], at: "\(itemPointer)/number", ContainerNumber.init) else { return nil }
                    let seals = reader.array(item["seals"], at: "\(itemPointer)/seals", required: false, maximum: 20)
                        .compactMap { seal, sealPointer in reader.string(seal, at: sealPointer, maximum: 50) }
                    return .init(number: container,
                                 isoEquipmentCode: reader.string(item["isoEquipmentCode"], at: "\(itemPointer)/isoEquipmentCode", required: false,
                                                                 maximum: 4),
                                 seals: seals)
                }
            guard let number else { return nil }
            return .init(number: number, consigneeTaxCode: consignee, containers: containers)
        }
        let key = imo.flatMap { imo in voyage.map { "\(imo)|\($0)|\(discharge?.rawValue ?? "-")" } }
        guard reader.errors.isEmpty, let imo, let voyage, let loading, let discharge else { return .failure(RecordErrors(key: key, errors: reader.errors)) }
        return .success(Manifest(id: id, vesselIMO: imo, voyage: voyage, portOfLoading: loading, portOfDischarge: discharge, bills: bills,
                                 digest: RecordReader.digest(record)))
    }
}
