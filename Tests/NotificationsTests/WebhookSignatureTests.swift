import Foundation
import Logging
import Notifications
import Testing

@Suite("Standard Webhooks signing and retry schedule")
struct WebhookSignatureTests {
    /// The specification's own example: any Standard Webhooks library accepts this signature.
    @Test func signsLikeTheSpecificationsExample() throws {
        let signature = try #require(WebhookSignature(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let header = signature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(signature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body, header: "v1,bm9wZQ== " + header))
        #expect(!signature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_331, body: body, header: header))
        #expect(!signature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 1}"#.utf8), header: header))
    }

    @Test func newSecretsAreWellFormedAndDistinct() throws {
        let first = WebhookSignature.newSecret(), second = WebhookSignature.newSecret()
        #expect(first.hasPrefix("whsec_") && first != second)
        #expect(WebhookSignature(secret: first) != nil)
        #expect(WebhookSignature(secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil, "the prefix is required")
        #expect(WebhookSignature(secret: "whsec_!!!") == nil)
    }

    @Test func retriesBackOffExponentiallyThenStop() {
        let policy = RetryPolicy(firstDelay: 30, maximumDelay: 3600, maximumAttempts: 6, jitter: 0.2)
        #expect(policy.delay(afterAttempts: 1, random: 0) == 30)
        #expect(policy.delay(afterAttempts: 2, random: 0) == 60)
        #expect(policy.delay(afterAttempts: 5, random: 0) == 480)
        #expect(policy.delay(afterAttempts: 3, random: 1) == 144)
        #expect(policy.delay(afterAttempts: 6, random: 0) == nil)
        #expect(RetryPolicy(firstDelay: 30, maximumDelay: 100, maximumAttempts: 20).delay(afterAttempts: 10, random: 0) == 100)
    }
}

@Suite("Webhook secrets sealed at rest")
struct SecretSealerTests {
    @Test func sealedSecretsOpenOnlyWithTheirKeyAndEndpoint() throws {
        let sealer = SecretSealer.random(), endpoint = UUID()
        let secret = WebhookSignature.newSecret()
        let sealed = try sealer.seal(secret, for: endpoint)
        #expect(sealed.hasPrefix("sealed:v1:") && !sealed.contains(secret.dropFirst(6)))
        #expect(try sealer.open(sealed, for: endpoint) == secret)
        #expect(throws: SecretSealer.Failure.self) { try sealer.open(sealed, for: UUID()) }
        #expect(throws: SecretSealer.Failure.self) { try SecretSealer.random().open(sealed, for: endpoint) }
        #expect(throws: SecretSealer.Failure.self) { try sealer.open(secret, for: endpoint) }
        #expect(throws: SecretSealer.Failure.self) { try SecretSealer(base64: "c2hvcnQ=") }
    }

    @Test func aDevelopmentKeyIsMadeOnceAndReused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ftz-sealer-\(UUID())/webhook-secret.key").path
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        let first = try SecretSealer.load(inline: nil, file: nil, developmentFile: file, logger: .init(label: "test"))
        let sealed = try first.seal("whsec_AAAA", for: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
        let again = try SecretSealer.load(inline: nil, file: nil, developmentFile: file, logger: .init(label: "test"))
        #expect(try again.open(sealed, for: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!) == "whsec_AAAA")
    }
}
