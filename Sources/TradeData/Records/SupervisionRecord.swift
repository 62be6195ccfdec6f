import FTZCore
import Foundation

/// A port supervision record of a feed batch (VASSCM): `containerNumber`, `declarationNumber`,
/// `status` (`eligible_to_pass` or `held`), `at`, `facility`, `sealRequired`, and with a seal
/// `customsSeal` {`number`, `kind`}; a transit adds `transit` {`declarationNumber`, `destination`}.
enum SupervisionRecord {
    static func read(_ record: JSONValue, at pointer: String, id: UUID) -> Result<SupervisionStatus, RecordErrors> {
        let reader = RecordReader()
        guard reader.object(record, at: pointer) != nil else { return .failure(RecordErrors(key: nil, errors: reader.errors)) }
        let container = reader.value(record["containerNumber"], at: "\(pointer)/containerNumber", ContainerNumber.init)
        let declaration = reader.declarationNumber(record["declarationNumber"], at: "\(pointer)/declarationNumber")
        let state = reader.oneOf(record["status"], at: "\(pointer)/status", SupervisionStatus.State.allCases.map(\.rawValue))
        let at = reader.instant(record["at"], at: "\(pointer)/at")
        let facility = reader.string(record["facility"], at: "\(pointer)/facility", required: false, maximum: 20)
        let sealRequired = reader.boolean(record["sealRequired"], at: "\(pointer)/sealRequired") ?? false  // required: the list flags it
        var seal: SupervisionStatus.CustomsSeal?
        if let object = reader.object(record["customsSeal"], at: "\(pointer)/customsSeal", required: sealRequired) {
            let number = reader.string(object["number"], at: "\(pointer)/customsSeal/number", maximum: 50)
            let kind = reader.oneOf(object["kind"], at: "\(pointer)/customsSeal/kind", SupervisionStatus.CustomsSeal.Kind.allCases.map(\.rawValue))
            if let number, let kind = kind.flatMap(SupervisionStatus.CustomsSeal.Kind.init) { seal = .init(number: number, kind: kind) }
        }
        var transit: SupervisionStatus.Transit?
        if let object = reader.object(record["transit"], at: "\(pointer)/transit", required: false) {
            let number = reader.declarationNumber(object["declarationNumber"], at: "\(pointer)/transit/declarationNumber", required: false)
            let destination = reader.string(object["destination"], at: "\(pointer)/transit/destination", maximum: 20)
            // A transit moves under a positioning e-seal (F12.4): without one it is not recorded.
            if seal?.kind != .positioningESeal { reader.fail("\(pointer)/customsSeal", "transit_needs_positioning_eseal") }
            if let destination { transit = .init(declarationNumber: number, destination: destination) }
        }
        let key = container.map { c in [c.rawValue, declaration ?? "-", state ?? "-"].joined(separator: "/") }
        guard reader.errors.isEmpty, let container, let declaration, let state = state.flatMap(SupervisionStatus.State.init), let at else {
            return .failure(RecordErrors(key: key, errors: reader.errors,
                                         identity: .init(container: RecordIdentity.text(record["containerNumber"]),
                                                         declaration: RecordIdentity.text(record["declarationNumber"]))))
        }
        return .success(SupervisionStatus(id: id, containerNumber: container, declarationNumber: declaration, state: state, at: at, facility: facility,
                                          sealRequired: sealRequired, customsSeal: seal, transit: transit, organisationID: nil,
                                          digest: RecordReader.digest(record)))
    }
}
