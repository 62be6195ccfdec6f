import FTZCore
import HTTPSupport
import OpenAPIRuntime

/// Free-form JSON in generated types (`OpenAPIObjectContainer`) ⇄ ``JSONValue``, walked
/// directly rather than through another encode–decode round trip.
enum JSONContainers {
    static func json(_ container: OpenAPIObjectContainer) -> JSONValue { json(any: container.value) }

    static func json(any value: (any Sendable)?) -> JSONValue {
        switch value {
        case nil: return .null
        case let bool as Bool: return .bool(bool)
        case let integer as Int: return .integer(Int64(integer))
        case let integer as Int64: return .integer(integer)
        case let number as Double: return .number(number)
        case let text as String: return .string(text)
        case let array as [(any Sendable)?]: return .array(array.map { json(any: $0) })
        case let object as [String: (any Sendable)?]: return .object(object.mapValues { json(any: $0) })
        default: return .null
        }
    }

    static func container(_ value: JSONValue) -> OpenAPIObjectContainer {
        (try? OpenAPIObjectContainer(unvalidatedValue: unwrap(value) as? [String: (any Sendable)?] ?? [:])) ?? .init()
    }

    private static func unwrap(_ value: JSONValue) -> (any Sendable)? {
        switch value {
        case .null: nil
        case .bool(let bool): bool
        case .integer(let integer): Int(integer)
        case .number(let number): number
        case .string(let text): text
        case .array(let items): items.map(unwrap)
        case .object(let members): members.mapValues(unwrap)
        }
    }
}
