import FTZCore
import Localization

/// A printed form of the one-stop mechanism (the receipt, the supplement request, the stop
/// notice…) as the zone's catalogue numbers and titles it. The numbers change with the
/// circular that sets them (Circular 01/2018/TT-VPCP, then Circular 03/2025/TT-VPCP under
/// Decree 118/2025 as amended by Decree 367/2025), so they are data with their source, and
/// a printed page says which form it is.
public struct OneStopForm: Sendable, Codable, Equatable {
    /// The console's name of the form: receipt, supplement, refusal, apology, stop, control.
    public var code: String
    /// "05", as the circular's appendix numbers it.
    public var number: String
    public var title: LocalizedText
    /// The instrument that sets the form ("Thông tư số 03/2025/TT-VPCP, Phụ lục I").
    public var source: LegalSource
}

extension ZoneCatalogue {
    public func oneStopForm(_ code: String) -> OneStopForm? { oneStopForms.first { $0.code == code } }
}
