import FTZCore
import Foundation

/// The licensing figures the programmes measure (dossiers filed, decided on time, online
/// share), from the report repository.
extension LicensingService {
    /// Registered capital of one issued investment certificate or enterprise registration.
    public struct RegisteredCapital: Sendable, Equatable {
        public let country: String
        /// The VSIC 2018 division (first two digits of the principal activity), or nil when
        /// the form did not classify it.
        public let sectorDivision: String?
        public let amount: Double
        public let currency: String
    }

    /// Zone-wide aggregates behind the programme catalogue's live indicators. Public: they
    /// identify no dossier, so they ask for no role.
    public struct Figures: Sendable, Equatable {
        /// Median working days from filing to decision, per procedure and over all.
        public let medianDaysByProcedure: [String: Double]
        public let medianDays: Double?
        /// Decided dossiers whose working days are known, the median's sample, per procedure and over all.
        public let timedByProcedure: [String: Int]
        public let timed: Int
        /// Share (0–1) of decided dossiers decided within the time limit.
        public let onTimeRate: Double?
        /// Decided dossiers, the on-time rate's sample.
        public let decided: Int
        /// Dossiers filed through this system since the date asked for.
        public let filedSince: Int
        public let capital: [RegisteredCapital]
    }

    public func figures(filedSince: LocalDate) async throws -> Figures {
        let capitalFields = try await catalogue.capitalFields()
        let procedures = capitalFields.map(\.procedure)
        let (decisions, filed, forms) = try await database.read { sql in
            (try await self.reports.decisions(procedure: nil, on: sql),
             try await self.reports.submittedCount(since: filedSince, on: sql),
             try await self.reports.issuedForms(procedures: procedures, on: sql))
        }
        var daysByProcedure: [String: [Int]] = [:]
        for row in decisions { if let days = row.processing_days { daysByProcedure[row.procedure_code, default: []].append(days) } }
        return Figures(
            medianDaysByProcedure: daysByProcedure.compactMapValues { Self.percentile($0.sorted(), 0.5) },
            medianDays: Self.percentile(decisions.compactMap(\.processing_days).sorted(), 0.5),
            timedByProcedure: daysByProcedure.mapValues(\.count),
            timed: decisions.filter { $0.processing_days != nil }.count,
            onTimeRate: decisions.isEmpty ? nil : Double(decisions.filter { $0.on_time == true }.count) / Double(decisions.count),
            decided: decisions.count,
            filedSince: filed,
            capital: forms.compactMap { row in
                (try? JSONDecoder().decode(JSONValue.self, from: Data(row.form.utf8))).flatMap { Self.registeredCapital($0, fields: capitalFields.map(\.field)) }
            })
    }

    static func registeredCapital(_ form: JSONValue, fields: [String]) -> RegisteredCapital? {
        for field in fields {
            guard let money = form[field], let amount = money["amount"]?.stringValue.flatMap(Double.init),
                  let currency = money["currency"]?.stringValue, let country = form["investorCountry"]?.stringValue
            else { continue }
            let activity = form["vsicCode"]?.stringValue ?? form["businessLines"]?[0]?.stringValue
            return RegisteredCapital(country: country, sectorDivision: activity.map { String($0.prefix(2)) }, amount: amount,
                                     currency: currency)
        }
        return nil
    }
}
