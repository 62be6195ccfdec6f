import DataExchange
import Foundation
import Testing

/// The zone's list of shared services is data, checked against what the records behind
/// each service can carry.
@Suite struct ExchangeCatalogueTests {
    static let header = """
        instance: TEST
        memberClasses: {customs: GOV}
        purposes: [{code: statistics, name: {vi: "Thống kê", en: "Statistics", zh-Hans: "统计", ko: "통계", ja: "統計"}}]
        services:

        """

    static func service(source: String, fields: String, code: String = "register") -> String {
        """
          - code: \(code)
            source: \(source)
            owner: EZA
            title: {vi: "Sổ", en: "Register", zh-Hans: "登记", ko: "등록", ja: "登記"}
            fields: [\(fields)]

        """
    }

    @Test func theZonesCatalogueOffersOnlyFieldsItsSourcesCarry() throws {
        let catalogue = try ExchangeCatalogue.load(directory: nil)
        #expect(!catalogue.services.isEmpty)
        for service in catalogue.services {
            #expect(Set(service.fields).isSubset(of: service.source.fields), "\(service.code)")
        }
    }

    @Test func aZoneMayNameItsServicesAsItLikes() throws {
        let catalogue = try ExchangeCatalogue(yaml: Self.header + Self.service(source: "certificate-validity", fields: "status", code: "giay-chung-nhan"))
        let service = try #require(catalogue.service("giay-chung-nhan"))
        #expect(service.source == .certificateValidity)
        #expect(service.subject == .certificate)
    }

    @Test func aFieldTheSourceDoesNotHaveIsRefusedWhenTheCatalogueLoads() {
        let error = #expect(throws: DecodingError.self) {
            try ExchangeCatalogue(yaml: Self.header + Self.service(source: "enterprise-register", fields: "name, passportNumber"))
        }
        #expect(String(describing: error).contains("passportNumber"))
    }

    @Test func anUnknownSourceOrARepeatedCodeIsRefused() {
        #expect(throws: DecodingError.self) { try ExchangeCatalogue(yaml: Self.header + Self.service(source: "tax-returns", fields: "name")) }
        #expect(throws: DecodingError.self) {
            try ExchangeCatalogue(yaml: Self.header + Self.service(source: "enterprise-register", fields: "name")
                                  + Self.service(source: "certificate-validity", fields: "status"))
        }
    }
}
