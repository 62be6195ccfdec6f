import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Storage
import Testing
import TestSupport

/// Security review (issue 33): a process killed mid-request left its idempotency claim, and
/// the retry on another process got 409 for 24 hours, although the first had sometimes
/// committed the write. Claims now live in the write's own transaction.
extension CommandLineTests {
    @Test func aRetryAfterTheFirstProcessIsKilledGetsTheAnswerOrOneExecution() async throws {
        try await Self.withSetup(.postgres) { setup in
            let doomed = try await setup.binary.serve(dataDirectory: setup.dataDirectory)
            let survivor = try await setup.binary.serve(dataDirectory: setup.dataDirectory + "-b")
            defer { try? FileManager.default.removeItem(atPath: setup.dataDirectory + "-b") }
            let token = try await Self.login(survivor)
            let count = 300
            func body(_ index: Int) -> [String: Any] { ["kind": "department", "name": "Crash \(index)", "country": "VN"] }

            // Every request goes to the doomed process, which is killed while they run.
            let answers = try await withThrowingTaskGroup(of: (Int, Int?).self) { group in
                for index in 0..<count {
                    group.addTask {
                        let status = try? await doomed.send(.POST, "/v1/organisations", token: token, json: body(index), key: "crash-\(index)")
                        return (index, status?.status)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(400))
                    doomed.process.signal(SIGKILL)
                    return (-1, nil)
                }
                var answers: [Int: Int?] = [:]
                for try await (index, status) in group where index >= 0 { answers[index] = status }
                return answers
            }
            let inDoubt = answers.filter { $0.value != 201 }.map(\.key).sorted()

            // Each request the doomed process did not answer is sent again, with its key, to the survivor.
            var replayed = 0, executed = 0, lost = 0
            for index in inDoubt {
                let retry = try await survivor.send(.POST, "/v1/organisations", token: token, json: body(index), key: "crash-\(index)")
                if retry.status == 201 {
                    if retry.replayed { replayed += 1 } else { executed += 1 }
                } else {
                    #expect(retry.status == 409, "index \(index): \(retry.status)")
                    lost += 1
                }
            }
            print("idempotency across a SIGKILL: \(count) requests, \(count - inDoubt.count) answered before the kill, \(inDoubt.count) in doubt: "
                  + "\(replayed) replayed, \(executed) carried out afresh, \(lost) committed with their answer lost")
            #expect(inDoubt.count > 0 && inDoubt.count < count, "the kill fell during the run")
            // Only a request killed between its commit and storing its answer (a millisecond or so
            // under this load) has no answer to replay; it is not carried out again either.
            #expect(lost * 20 <= inDoubt.count, "\(lost) of \(inDoubt.count)")

            // Every organisation exactly once: no retry created a second.
            let list = try await survivor.request(.GET, "/v1/organisations?kind=department&limit=500", token: token)
            let names = (list.body["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.filter { $0.hasPrefix("Crash ") }
            #expect(names.count == Set(names).count, "no request carried out twice")
            #expect(Set(names).count == count, "every request carried out once, those whose answer was lost too")
            await survivor.stop()
        }
    }
}

extension ServerProcess {
    /// A POST with an `Idempotency-Key`: its status and whether it was a replay.
    func send(_ method: HTTPMethod, _ path: String, token: String, json: [String: Any], key: String) async throws
        -> (status: Int, replayed: Bool)
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: key)
        request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers["Idempotent-Replayed"].first == "true")
    }
}
