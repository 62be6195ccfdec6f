import Foundation
import Licensing
import Testing
import TradeData
import Yams
@testable import API
@testable import HTTPSupport
@testable import WebConsole

/// The feed record schemas in the contract are written by hand next to readers that do
/// not use them; these checks keep the two from drifting where a list is copied.
@Suite("The contract keeps up with the lists in the code")
struct FeedRecordContractTests {
    static func document() throws -> [String: Any] {
        try #require(try Yams.load(yaml: try OpenAPIDocument.load()) as? [String: Any])
    }

    static func schema(_ name: String) throws -> [String: Any] {
        let document = try document()
        let components = try #require(document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        return try #require(schemas[name] as? [String: Any], "components/schemas/\(name) is missing")
    }

    @Test func everyDeclarationTypeOfTheZoneFitsTheContract() throws {
        let properties = try #require(try Self.schema("DeclarationRecord")["properties"] as? [String: Any])
        let pattern = try #require((properties["typeCode"] as? [String: Any])?["pattern"] as? String)
        let regex = try Regex(pattern)
        let codes = try TradeCatalogue.load(directory: nil).declarationTypes.keys
        #expect(codes.count == 40, "Decision 1357/QĐ-TCHQ: 24 import and 16 export codes")
        for code in codes { #expect(code.wholeMatch(of: regex) != nil, "\(code) is refused by the contract") }
    }

    @Test func theDossierStatusFilterListsEveryStatus() throws {
        let paths = try #require(try Self.document()["paths"] as? [String: Any])
        let list = try #require((paths["/v1/dossiers"] as? [String: Any])?["get"] as? [String: Any])
        let status = try #require((list["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "status" })
        let pattern = try #require((status["schema"] as? [String: Any])?["pattern"] as? String)
        let regex = try Regex(pattern)
        for value in DossierStatus.allCases.map(\.rawValue) {
            #expect(value.wholeMatch(of: regex) != nil, "\(value) is refused by the contract")
        }
        let everything = DossierStatus.allCases.map(\.rawValue).joined(separator: ",")
        #expect(everything.wholeMatch(of: regex) != nil && "approved,closed".wholeMatch(of: regex) == nil)
    }

    @Test func everyFeedRecordIsDescribed() throws {
        for name in ["DeclarationRecord", "ManifestRecord", "DCSAEventRecord"] {
            let schema = try Self.schema(name)
            #expect(!(schema["required"] as? [Any] ?? []).isEmpty, "\(name) names its required members")
            #expect(schema["description"] is String, "\(name) says how it is read")
        }
    }
}
