import FTZCore
import Foundation
import Licensing
import Localization
import Testing

@Suite("The Hai Phong FTZ catalogue")
struct CatalogueTests {
    static let procedureCodes: Set<String> = [
        "FTZ-ENTERPRISE-REG", "IRC-NEW", "IRC-AMENDMENT", "WORK-PERMIT-CONFIRMATION", "CONSTRUCTION-PERMIT", "INVESTMENT-POLICY-APPROVAL",
        // Issue 27: the procedures existing investors and employers need most.
        "FOREIGN-CAPITAL-CONTRIBUTION", "IRC-REISSUE", "PROJECT-SUSPENSION", "PROJECT-TERMINATION", "WORK-PERMIT-EXTENSION",
        "WORK-PERMIT-REISSUE", "WORK-PERMIT-REVOCATION", "WORK-PERMIT-EXEMPTION", "CONSTRUCTION-COMMENCEMENT-NOTICE", "EPE-STATUS-CONFIRMATION",
        "IRC-SPECIAL-PROCEDURE",
    ]

    @Test func shipsEveryProcedureCompleteInEveryLanguage() throws {
        let catalogue = LicensingFixture.catalogue
        #expect(Set(catalogue.procedures.map(\.code)) == Self.procedureCodes)
        for procedure in catalogue.procedures {
            try procedure.validate()
            let texts = [procedure.name, procedure.description, procedure.legalBasis, procedure.result, procedure.complaints]
                + [procedure.changes, procedure.unconfirmed].compactMap { $0 } + procedure.fees.map(\.name)
                + procedure.documents.map(\.name) + procedure.steps.map(\.text) + procedure.consultations.map(\.purpose)
            for text in texts {
                #expect(text.missingLanguages.isEmpty, "\(procedure.code): \(text.values)")
            }
            for rule in procedure.consultations { #expect(catalogue.department(rule.department) != nil, "\(rule.department)") }
        }
        let registration = try #require(catalogue.procedures.first { $0.code == "FTZ-ENTERPRISE-REG" })
        #expect(registration.timeLimit.days == 3 && registration.timeLimit.counted == .working)
        let irc = try #require(catalogue.procedures.first { $0.code == "IRC-NEW" })
        #expect(irc.timeLimit.days == 15 && irc.timeLimit.counted == .calendar)
        #expect(irc.name.text(.vi).contains("Giấy chứng nhận đăng ký đầu tư"))
    }

    /// Every legal fact carries its source (issue 27): the newest version of each procedure
    /// names where its legal basis, time limit, clock start and deciding body come from; a
    /// source that is not confirmed says what stays open, and names the verified fact it rests
    /// on in the zone's law reference.
    @Test func everyProceduresLegalFactsCarryTheirSources() throws {
        let catalogue = LicensingFixture.catalogue
        let newest = Dictionary(grouping: catalogue.procedures, by: \.code).values.compactMap { $0.max { $0.version < $1.version } }
        #expect(newest.count == Self.procedureCodes.count)
        for procedure in newest {
            #expect(procedure.unsourcedFacts.isEmpty, "\(procedure.code) v\(procedure.version): no source for \(procedure.unsourcedFacts)")
            #expect(procedure.issuer.map(\.missingLanguages.isEmpty) == true, "\(procedure.code): the deciding body in five languages")
            for source in procedure.sources ?? [] {
                #expect(!source.instrument.isEmpty && !source.facts.isEmpty)
                #expect(source.reference.map { $0.range(of: #"^F[0-9]+\.[0-9]+$"#, options: .regularExpression) != nil } ?? true,
                        "\(procedure.code): \(source.reference ?? "")")
                if source.status != .confirmed {
                    #expect(source.note.map(\.missingLanguages.isEmpty) == true, "\(procedure.code) \(source.instrument): what stays open")
                }
            }
        }
    }

    /// Decree 219/2025 (reference F3.3): a work permit within 10 working days of a complete
    /// dossier, a refusal within 3, on Form No. 03; the dossier's clock starts again after a
    /// supplement, since the days run from a complete dossier.
    @Test func theWorkPermitFollowsDecree219() throws {
        let permit = try #require(LicensingFixture.catalogue.procedures.filter { $0.code == "WORK-PERMIT-CONFIRMATION" }.max { $0.version < $1.version })
        #expect(permit.timeLimit == .init(days: 10, counted: .working))
        #expect(permit.refusalLimit == .init(days: 3, counted: .working))
        #expect(permit.clockRule == .init(startsOn: .acceptance, onSupplement: .restart))
        #expect(permit.documents.first { $0.code == "request-form" }?.name.text(.en).hasPrefix("Form No. 03") == true)
        #expect(permit.status(of: .timeLimit) == .confirmed && permit.status(of: .issuer) == .confirmed)
        #expect(permit.issuer?.text(.en).contains("People's Committee") == true)
    }

    @Test func conditionalDocumentsFollowTheForm() throws {
        let irc = try #require(LicensingFixture.catalogue.procedures.first { $0.code == "IRC-NEW" })
        let corporate = irc.applicableDocuments(for: ["investorType": "corporate", "needsLand": false]).map(\.code)
        let individual = irc.applicableDocuments(for: ["investorType": "individual", "needsLand": true]).map(\.code)
        #expect(corporate.contains("audited-financial-statements") && !corporate.contains("bank-balance-confirmation"))
        #expect(!individual.contains("audited-financial-statements") && individual.contains("land-use-proposal"))
    }

    @Test func calendarsCoverTetForThreeYears() {
        var calendar = WorkingCalendar()
        for year in LicensingFixture.catalogue.calendarYears { calendar.replace(year) }
        #expect(calendar.coveredYears.isSuperset(of: [2025, 2026, 2027]))
        #expect(!calendar.isWorkingDay(LocalDate("2025-01-29")!))  // Tết Ất Tỵ
        #expect(!calendar.isWorkingDay(LocalDate("2026-02-17")!))  // Tết Bính Ngọ
        #expect(!calendar.isWorkingDay(LocalDate("2027-02-08")!))  // Tết Đinh Mùi
        #expect(calendar.isWorkingDay(LocalDate("2025-04-26")!))   // make-up Saturday
    }

    @Test func formsAreValidatedFieldByField() throws {
        let permit = try #require(LicensingFixture.catalogue.procedures.first { $0.code == "CONSTRUCTION-PERMIT" })
        let schema = FormSchema(permit.form)
        #expect(schema.validate(LicensingFixture.constructionForm).isEmpty)
        let errors = schema.validate(["projectName": "ab", "floors": 2.5, "height": -3, "ownerTaxCode": "0201234568", "workType": "demolish",
                                      "colour": "red", "fireSafetyAppraisalRequired": "no"])
        let byPointer = Dictionary(errors.map { ($0.pointer, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(byPointer["/form/projectName"] == "too_short")
        #expect(byPointer["/form/floors"] == "wrong_type")
        #expect(byPointer["/form/height"] == "below_minimum")
        #expect(byPointer["/form/ownerTaxCode"] == "tax_code.check_digit")
        #expect(byPointer["/form/workType"] == "enum_value")
        #expect(byPointer["/form/colour"] == "unknown_field")
        #expect(byPointer["/form/fireSafetyAppraisalRequired"] == "wrong_type")
        #expect(byPointer["/form/plotCode"] == "required")
        #expect(schema.validate(["projectName": "ab"], requireAll: false).map(\.pointer) == ["/form/projectName"])
    }

    @Test func documentTypesAreRecognisedByContent() {
        #expect(ContentSniffer.kind(of: LicensingFixture.pdf) == .pdf)
        #expect(ContentSniffer.kind(of: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])) == .png)
        #expect(ContentSniffer.kind(of: Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])) == .jpeg)
        #expect(ContentSniffer.kind(of: Data("MZ\u{90}\u{0}executable".utf8)) == nil)
        #expect(ContentSniffer.kind(of: Data("<html><body>%PDF-</body></html>".utf8)) == nil)
        #expect(ContentSniffer.kind(of: ZipBuilder.archive(["[Content_Types].xml", "word/document.xml"])) == .docx)
        #expect(ContentSniffer.kind(of: ZipBuilder.archive(["[Content_Types].xml", "xl/workbook.xml"])) == .xlsx)
        #expect(ContentSniffer.kind(of: ZipBuilder.archive(["photos/a.jpg", "readme.txt"])) == nil, "a plain ZIP is not an office file")
    }

    /// The IRC time limit under Decree 96/2026 could not be read (reference F1.6): it is the
    /// zone's setting, with its default and its unconfirmed source, and the procedure in
    /// force since 31 March 2026 takes whatever the zone sets.
    @Test func theIRCTimeLimitIsTheZonesSetting() throws {
        let catalogue = LicensingFixture.catalogue
        let setting = try #require(catalogue.zone.timeLimits?["investment-registration"])
        #expect(setting.days == 10 && setting.counted == .calendar && setting.source.status == .unconfirmed && setting.source.reference == "F1.6")
        let irc = try #require(catalogue.procedures.filter { $0.code == "IRC-NEW" }.max { $0.version < $1.version })
        #expect(irc.version == 3 && irc.effectiveFrom == LocalDate("2026-03-31") && irc.timeLimit == .init(days: 10, counted: .calendar))
        #expect(irc.sources?.filter { $0.facts.contains(.timeLimit) } == [setting.source], "one source for the limit: the setting's")
        var zone = catalogue.zone
        zone.timeLimits?["investment-registration"]?.days = 15
        #expect(try irc.withZoneSettings(zone).timeLimit.days == 15)
        zone.timeLimits = [:]
        #expect(throws: ZoneCatalogue.LoadError.self) { try irc.withZoneSettings(zone) }
    }

    /// Enterprise registration since VSIC 2025 (reference F6.1-F6.2, F7.1): beneficial owners
    /// are declared, business lines are 4-digit classes of the classification in force, and
    /// the head office names a unit of the city; a VSIC 2018 class that no longer exists is
    /// refused where it stands in the list.
    @Test func enterpriseRegistrationDeclaresBeneficialOwnersInVSIC2025() throws {
        let catalogue = LicensingFixture.catalogue
        let activities = try #require(catalogue.activities)
        #expect(activities.version == "VSIC2025" && activities.effectiveFrom == LocalDate("2025-11-15"))
        #expect(activities.sections.count == 22 && activities.divisions.count == 87 && activities.classes.count == 495)
        #expect(activities.classes.allSatisfy { $0.name.missingLanguages.isEmpty && activities.divisions.map(\.code).contains(String($0.code.prefix(2))) })
        let registration = try #require(catalogue.procedures.filter { $0.code == "FTZ-ENTERPRISE-REG" }.max { $0.version < $1.version })
        #expect(registration.version == 3 && registration.documents.contains { $0.code == "beneficial-owners" && $0.required })
        let schema = FormSchema(registration.form, places: catalogue.places, activities: activities)
        let form: JSONValue = [
            "enterpriseName": "Công ty TNHH Sóng Xanh", "enterpriseType": "llc-single-member", "investorType": "corporate",
            "investorName": "Blue Wave Co., Ltd.", "investorCountry": "KR", "charterCapital": ["amount": "10000000000", "currency": "VND"],
            "businessLines": ["2611", "2610"], "headOfficeAddress": "Lô CN3, KCN Nam Đình Vũ, quận Hải An, Hải Phòng",
            "legalRepresentativeName": "Kim Min-jun", "contactEmail": "legal@bluewave.example",
        ]
        let errors = schema.validate(form)
        #expect(errors.map(\.pointer) == ["/form/businessLines/1", "/form/headOfficeAddress"], "\(errors)")
        #expect(errors.first?.reason == "vsic_unknown" && errors.last?.reason == "address_district")
    }

    /// Hai Phong since 1 July 2025 (reference F13.2-F13.3): 114 commune-level units and no
    /// districts. An address names a unit, written with or without its accents or kind word;
    /// one that still names a district is refused with the district named.
    @Test func addressesInTheCityNameAUnitAndNoDistrict() throws {
        let places = try #require(LicensingFixture.catalogue.places)
        #expect(places.units.count == 114)
        #expect(Dictionary(grouping: places.units, by: \.kind).mapValues(\.count) == [.ward: 45, .commune: 67, .specialZone: 2])
        #expect(places.validFrom == LocalDate("2025-07-01"))
        let accepted = ["Lô CN3, KCN Nam Đình Vũ, phường Đông Hải, thành phố Hải Phòng", "Lot CN3, Nam Dinh Vu IP, Dong Hai ward, Hai Phong",
                        "Khu bến Lạch Huyện, Đặc khu Cát Hải, Hải Phòng", "xa chan hung, hai phong", "Lô 4, P. Đông Hải, TP. Hải Phòng"]
        for address in accepted { #expect(places.problem(with: address, at: "/a") == nil, "\(address)") }
        let district = places.problem(with: "Lô CN3, KCN Nam Đình Vũ, phường Đông Hải, quận Hải An, Hải Phòng", at: "/a")
        #expect(district == .init("/a", "address_district", arguments: ["district": "Quận Hải An"]))
        #expect(places.problem(with: "Lot 5, Hai An District, Hai Phong", at: "/a")?.reason == "address_district")
        #expect(places.problem(with: "12 Trần Phú, Hải Phòng", at: "/a") == .init("/a", "address_unit_unknown"),
                "a street named like a commune (Xã Trần Phú) is not the commune")
    }
}

/// Minimal stored ZIP archives for the content tests.
enum ZipBuilder {
    static func archive(_ names: [String]) -> Data {
        var body = Data()
        var central = Data()
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        for name in names {
            let offset = body.count
            let nameBytes = Array(name.utf8)
            body.append(contentsOf: le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + le32(0)
                        + le16(nameBytes.count) + le16(0) + nameBytes)
            central.append(contentsOf: le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0)
                           + le32(0) + le16(nameBytes.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes)
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(names.count) + le16(names.count) + le32(central.count) + le32(body.count) + le16(0)
        return body + central + Data(end)
    }
}
