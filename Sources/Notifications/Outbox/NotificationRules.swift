import FTZCore
import Foundation
import Ledger
import Localization

/// Which ledger entries an investor is told about, and in what words.
///
/// Dossier transitions (submitted, supplement requested, approved…), certificates issued
/// or revoked, and alerts from its own containers' devices (a reefer out of range, a seal
/// opened) are the investor's business; internal work (notes, consultations asked of
/// departments, form edits by the investor itself, suspicions about its declarations) is not.
struct NotificationRules: Sendable {
    let messages: MessageCatalogue

    struct Drafted: Sendable {
        let eventType: String
        let title: String
        let body: String
        let data: JSONValue
    }

    /// Alert kinds about a container's devices, told to the enterprise the container is
    /// linked to (the trade catalogue's telemetry rules).
    static let deviceAlertKinds = ["reefer_out_of_range", "reefer_power_off", "seal_breach", "seal_mismatch", "truck_stop_outside_area"]

    /// The notification for `entry` in `language`, or nil when the entry is not for investors.
    func draft(_ entry: StoredEntry, language: Language) -> Drafted? {
        guard entry.organisationID != nil, let parsed = try? JSONValue(parsing: entry.bytes) else { return nil }
        let payload = parsed["payload"] ?? [:]
        switch entry.action {
        case "trade.alert.opened":
            guard let kind = payload["kind"]?.stringValue, Self.deviceAlertKinds.contains(kind) else { return nil }
            let subject = payload["container"]?.stringValue ?? payload["subject"]?.stringValue ?? ""
            return Drafted(eventType: "iot.\(kind)", title: messages.text("notification.iot.\(kind)", language, ["subject": subject]),
                           body: messages.text("notification.iot.body", language),
                           data: ["alertId": .string(entry.subjectID), "rule": payload["rule"] ?? .null, "kind": .string(kind),
                                  "subject": payload["subject"] ?? .null, "container": payload["container"] ?? .null])
        case "licensing.certificate.issued", "licensing.certificate.revoked":
            let kind = entry.action == "licensing.certificate.issued" ? "issued" : "revoked"
            let arguments = ["number": entry.subjectID]
            return Drafted(eventType: "certificate.\(kind)",
                           title: messages.text("notification.certificate_\(kind).title", language, arguments),
                           body: messages.text("notification.certificate_\(kind).body", language, arguments),
                           data: ["certificateNumber": .string(entry.subjectID), "certificateType": payload["type"] ?? .null])
        default:
            guard entry.action.hasPrefix("licensing.dossier."), let action = payload["action"]?.stringValue,
                  let status = payload["to"]?.stringValue
            else { return nil }
            let reference = payload["reference"]?.stringValue ?? String(entry.subjectID.prefix(8))
            let statusName = messages.text("status.\(status)", language)
            let arguments = ["reference": reference, "status": statusName]
            let title = action == "apology"
                ? messages.text("notification.dossier_apology.title", language, arguments)
                : messages.text("notification.dossier.title", language, arguments)
            // A supplement request says how much is asked; the dossier's page lists each item
            // with the officer's note (kept out of the ledger's payload as personal data).
            var asked = 0
            if case .array(let codes)? = payload["missingDocuments"] { asked = codes.count }
            let body = action == "request_supplement" && asked > 0
                ? messages.text("notification.dossier_supplement.body", language, ["count": String(asked)])
                : messages.text("next.\(status)", language)
            return Drafted(eventType: "dossier.\(action)", title: title, body: body,
                           data: ["dossierId": .string(entry.subjectID), "reference": payload["reference"] ?? .null,
                                  "status": .string(status), "statusName": .string(statusName),
                                  "appointmentOn": payload["appointmentOn"] ?? .null])
        }
    }
}
