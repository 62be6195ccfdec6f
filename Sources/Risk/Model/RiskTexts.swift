import Localization

/// The texts of a reason, shared by the API and the web console: a feature's or profile's
/// title is zone data, the random draw's and the budget's are the service's messages.
public enum RiskTexts {
    public static func title(of reason: RiskAssessment.Reason, _ language: Language, _ messages: MessageCatalogue) -> String {
        if let title = reason.title { return title.text(language) }
        return messages.text("risk.reason.\(reason.code)", language, reason.lane.map { ["lane": messages.text("risk.lane.\($0.rawValue)", language)] } ?? [:])
    }
}
