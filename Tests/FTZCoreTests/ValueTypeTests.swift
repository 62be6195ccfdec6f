import FTZCore
import Foundation
import Testing

@Suite("Domain value types parse valid input and name the fault in invalid input")
struct ValueTypeTests {
    @Test(arguments: ["0100109106", "0201234569", " 0312345673 ", "0100109106-001", "0100109106001"])
    func validTaxCodes(_ text: String) throws {
        let code = try TaxCode(text)
        #expect(code.enterprise.count == 10)
        if text.count > 12 { #expect(code.description == "0100109106-001") }
    }

    @Test(arguments: [
        ("0100109107", "tax_code.check_digit"), ("010010910", "tax_code.format"), ("01001091066", "tax_code.format"),
        ("0100109106-000", "tax_code.branch"), ("01001O9106", "tax_code.format"), ("0100-109106", "tax_code.format"),
        ("0100109106-01", "tax_code.format"),
    ])
    func invalidTaxCodes(_ text: String, _ reason: String) {
        #expect(throws: ValueError(reason)) { try TaxCode(text) }
    }

    /// Since 1 July 2025 an individual's tax code is the 12-digit personal identification
    /// number (Circular 86/2024/TT-BTC; reference F8.1); organisations keep their tax codes.
    @Test func aTaxpayerIsAnOrganisationsTaxCodeOrAPersonsTwelveDigitNumber() throws {
        #expect(try TaxpayerIdentifier("031095001234") == .person("031095001234"))
        #expect(try TaxpayerIdentifier(" 001204012345 ").description == "001204012345")
        #expect(try TaxpayerIdentifier("0100109106-001") == .organisation(try TaxCode("0100109106-001")))
        #expect(throws: ValueError("taxpayer_id.province")) { try TaxpayerIdentifier("097095001234") }
        #expect(throws: ValueError("taxpayer_id.province")) { try TaxpayerIdentifier("000095001234") }
        #expect(throws: ValueError("taxpayer_id.format")) { try TaxpayerIdentifier("03109500123A") }
        #expect(throws: ValueError("taxpayer_id.format")) { try TaxpayerIdentifier("03109500123") }
        #expect(throws: ValueError("tax_code.check_digit")) { try TaxpayerIdentifier("0100109107") }
    }

    @Test func taxCodeWithRemainderZeroIsNeverIssued() {
        // 10 - 0 % 11 would need a check digit of 10.
        #expect(throws: ValueError("tax_code.check_digit")) { try TaxCode("0000000000") }
    }

    @Test(arguments: ["CSQU3054383", "MSKU9070323", "csqu 305438-3", "TGHU9963333", "OOLU1873927"])
    func validContainerNumbers(_ text: String) throws {
        #expect(try ContainerNumber(text).rawValue.count == 11)
    }

    @Test(arguments: [("CSQU3054384", "container_number.check_digit"), ("CSQX3054383", "container_number.format"),
                      ("CSQU305438", "container_number.format"), ("C5QU3054383", "container_number.format")])
    func invalidContainerNumbers(_ text: String, _ reason: String) {
        #expect(throws: ValueError(reason)) { try ContainerNumber(text) }
    }

    @Test func imoNumbers() throws {
        #expect(try IMONumber("IMO 9074729").digits == "9074729")
        #expect(try IMONumber("9321483").digits == "9321483")
        #expect(throws: ValueError("imo_number.check_digit")) { try IMONumber("9074728") }
        #expect(throws: ValueError("imo_number.format")) { try IMONumber("907472") }
    }

    @Test func unLocodes() throws {
        #expect(try UNLocode("vnhph").rawValue == "VNHPH")
        #expect(try UNLocode("VN HPH").country == "VN")
        #expect(throws: ValueError("unlocode.country")) { try UNLocode("XXHPH") }
        #expect(throws: ValueError("unlocode.format")) { try UNLocode("VNHP1") }
        #expect(throws: ValueError("unlocode.format")) { try UNLocode("VNHP") }
    }

    @Test func hsCodes() throws {
        #expect(try HSCode("8471.30.20").digits == "84713020")
        #expect(try HSCode("850231").chapter == 85)
        #expect(throws: ValueError("hs_code.format")) { try HSCode("8471302") }
        #expect(throws: ValueError("hs_code.chapter")) { try HSCode("770000") }
        #expect(throws: ValueError("hs_code.chapter")) { try HSCode("990000") }
    }

    @Test func moneyKeepsMinorUnitsExact() throws {
        let vnd = try Money(amount: "1500000", currency: "VND")
        #expect(vnd.minorUnits == 1_500_000)
        #expect(vnd.amount == "1500000")
        let usd = try Money(amount: "12.5", currency: "usd")
        #expect(usd.minorUnits == 1250)
        #expect(usd.amount == "12.50")
        #expect(try Money(amount: "-0.05", currency: "USD").amount == "-0.05")
        #expect(try Money(amount: "1.234", currency: "KWD").minorUnits == 1234)
        #expect(throws: ValueError("money.precision")) { try Money(amount: "10.5", currency: "VND") }
        #expect(throws: ValueError("money.currency")) { try Money(amount: "1", currency: "XYZ") }
        #expect(throws: ValueError("money.amount_format")) { try Money(amount: "1e6", currency: "USD") }
        #expect(throws: ValueError("money.amount_format")) { try Money(amount: "12.", currency: "USD") }
        #expect(throws: ValueError("money.range")) { try Money(amount: "99999999999999999999", currency: "VND") }
    }

    @Test func moneyJSONUsesDecimalStrings() throws {
        let data = try JSONEncoder().encode(try Money(amount: "12.50", currency: "USD"))
        #expect(String(decoding: data, as: UTF8.self).contains("\"amount\":\"12.50\""))
        let decoded = try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"7","currency":"JPY"}"#.utf8))
        #expect(decoded.minorUnits == 7)
    }

    @Test func languageTagsAreCaseNormalised() throws {
        #expect(try LanguageTag("ZH-hans-cn").rawValue == "zh-Hans-CN")
        #expect(try LanguageTag("en_gb").rawValue == "en-GB")
        #expect(throws: ValueError("language_tag.format")) { try LanguageTag("") }
        #expect(throws: ValueError("language_tag.format")) { try LanguageTag("e!") }
    }

    @Test func uuidV7IsTimeOrderedAndVersioned() {
        let early = UUID.v7(at: Date(timeIntervalSince1970: 1_700_000_000))
        let later = UUID.v7(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(early.uuidString < later.uuidString)
        #expect(early.uuidString.dropFirst(14).first == "7")
        #expect(["8", "9", "A", "B"].contains(early.uuidString.dropFirst(19).first.map(String.init) ?? ""))
    }

    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualWallClock(Date(timeIntervalSince1970: 0))
        #expect(clock.now().timeIntervalSince1970 == 0)
        clock.advance(by: 90)
        #expect(clock.now().timeIntervalSince1970 == 90)
    }
}

@Suite("Container numbers made from a serial")
struct ContainerSerialTests {
    @Test func theCheckDigitIsComputed() throws {
        #expect(try ContainerNumber(owner: "MSKU", serial: 123456).rawValue == "MSKU1234565")
        #expect(try ContainerNumber(owner: "tghu", serial: 164339).rawValue == "TGHU1643396")
        #expect(throws: ValueError.self) { try ContainerNumber(owner: "MSK", serial: 1) }
    }
}

@Suite("E-mail addresses are judged by the published schema's rule")
struct EmailAddressTests {
    /// Schemathesis found the emoji case on PostgreSQL: "@" followed by a skin-tone modifier is
    /// one grapheme cluster, and splitting characters found no "@" in a schema-valid address.
    @Test(arguments: ["someone@example.vn", "E@\u{1F3FB}>.b", "a\u{0301}@x\u{0301}.y", "người@ví-dụ.vn", "x@."])
    func addressesTheSchemaAllowsAreAccepted(address: String) {
        #expect(EmailAddress.isPlausible(address))
    }

    @Test(arguments: ["", "@example.vn", "someone", "someone@example", "a@b@c.d", "some one@x.vn", "a\u{7}@x.vn",
                      "a@x.vn\u{85}", String(repeating: "a", count: 250) + "@x.vn"])
    func addressesTheSchemaRefusesAreRefused(address: String) {
        #expect(!EmailAddress.isPlausible(address))
    }
}

@Suite("String limits count code points, as JSON Schema does")
struct SchemaLengthTests {
    @Test func combiningMarksAndModifiersCountSeparately() {
        let text = "e\u{0301}\u{1F44D}\u{1F3FB}"  // é as e + accent, thumbs up + skin tone: 2 characters
        #expect(text.count == 2)
        #expect(text.schemaLength == 4)
    }
}
