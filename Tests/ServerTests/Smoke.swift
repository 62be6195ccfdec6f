import Testing
import HummingbirdTesting
@testable import Server
@Test func smoke() { #expect(1 == 1) }
