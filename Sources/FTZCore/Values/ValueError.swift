import Foundation

/// Why a piece of text is not a valid value of a domain type.
///
/// `reason` is a message-catalogue key (for example `tax_code.check_digit`), so the
/// server can explain the problem in the caller's language.
public struct ValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
