import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// A caller the server would refuse costs no body: the answer comes while the body has not
/// even been sent. Against a real `ftz serve` over a socket, since the in-process client hands
/// the whole body over at once. (Security review, issue 33: an anonymous upload or a post to
/// an unknown feed path held its connection until the read timeout, and its memory.)
extension CommandLineTests {
    @Test(arguments: [
        ("POST /v1/feeds/unknown HTTP/1.1", "HTTP/1.1 404"),
        ("POST /v1/feeds/declarations HTTP/1.1", "HTTP/1.1 401"),
        ("POST /v1/feeds/declarations/ HTTP/1.1", "HTTP/1.1 404"),
        ("POST /dossiers/0190a0b0-0000-7000-8000-000000000001/documents HTTP/1.1", "HTTP/1.1 303"),
        ("POST /no/such/page HTTP/1.1", "HTTP/1.1 404"),
    ])
    func aRefusedCallerIsAnsweredBeforeItsBodyIsSent(requestLine: String, status: String) async throws {
        // An answer at all means one without the 20 MB that never come (the socket waits 10 s,
        // far less than the server's read timeout).
        let answer = try await Self.firstLine(sending: "\(requestLine)\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 20000000\r\n\r\n")
        #expect(answer.hasPrefix(status), "\(requestLine): \(answer)")
    }

    /// `Expect: 100-continue` (RFC 9110 §10.1.1): a client that waits before sending its body
    /// is told to go on only by a route that will read it, from a caller it admits; one it
    /// refuses gets the final answer instead, so the body is never sent at all.
    @Test(arguments: [
        ("POST /v1/auth/login HTTP/1.1", "HTTP/1.1 100"),
        ("POST /v1/feeds/declarations HTTP/1.1", "HTTP/1.1 401"),
        ("POST /dossiers/0190a0b0-0000-7000-8000-000000000001/documents HTTP/1.1", "HTTP/1.1 303"),
    ])
    func aCallerExpectingContinueIsToldToSendOnlyWhatWillBeRead(requestLine: String, status: String) async throws {
        let answer = try await Self.firstLine(sending: "\(requestLine)\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2000\r\nExpect: 100-continue\r\n\r\n")
        #expect(answer.hasPrefix(status), "\(requestLine): \(answer)")
    }

    /// Starts `ftz serve` on SQLite, sends `head` alone (no body) and returns the first line
    /// of the answer.
    static func firstLine(sending head: String) async throws -> String {
        var answer = ""
        try await withSetup(.sqlite) { setup in
            let server = try await setup.binary.serve(dataDirectory: setup.dataDirectory)
            defer { Task { await server.stop() } }
            let port = try #require(URL(string: server.baseURL)?.port)
            answer = try firstLine(to: port, sending: head, waitingAtMost: 10)
            await server.stop()
        }
        return answer
    }

    /// Sends `head` alone (no body) and returns the first line of the answer.
    static func firstLine(to port: Int, sending head: String, waitingAtMost seconds: Int) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ProcessFailure(description: "connect: \(errno)") }
        _ = head.withCString { send(socket, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { return "(no answer within \(seconds) s)" }
        return String(decoding: buffer[..<count], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }
}
