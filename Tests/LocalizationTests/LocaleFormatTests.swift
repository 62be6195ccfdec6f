import Localization
import Testing

@Suite("Numbers and money for people")
struct LocaleFormatTests {
    @Test func eachLanguageGroupsItsOwnWay() {
        #expect(LocaleFormat.money(amount: "1500000", currency: "VND", .vi) == "1.500.000 ₫")
        #expect(LocaleFormat.money(amount: "1500000", currency: "VND", .en) == "1,500,000 VND")
        #expect(LocaleFormat.money(amount: "12.50", currency: "USD", .vi) == "12,50 USD")
        #expect(LocaleFormat.money(amount: "12.50", currency: "USD", .ja) == "12.50 USD")
        #expect(LocaleFormat.decimal("-1234567.5", .ko) == "-1,234,567.5")
        #expect(LocaleFormat.decimal(999, .vi) == "999" && LocaleFormat.decimal(1000, .zhHans) == "1,000")
    }
}
