import Foundation
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
