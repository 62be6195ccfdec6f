import Dispatch
import Foundation
import FTZCore
import Logging
import Synchronization

/// One JSON line per request, built by hand and written in batches off the request path.
///
/// The general log handler serialises a dictionary through `JSONSerialization`, with sorted
/// keys, under a lock, and writes each line with its own system call: at the default level
/// that cost a request more than routing and answering `/healthz` together. Here a request
/// appends its line to a shared buffer (a short critical section) and the first line of an
/// empty buffer schedules one write of the whole buffer, a few milliseconds later, on a
/// queue of its own. The fields are those the general handler wrote, in a fixed order.
public final class AccessLog: Sendable {
    /// One request's facts.
    public struct Line {
        let requestID: String
        let actor: String
        let method: String
        let path: String
        let route: String
        let status: Int
        let seconds: Double
    }

    /// Lines wait at most this long before they are written.
    public static let flushDelay: DispatchTimeInterval = .milliseconds(20)
    /// A buffer this large is written at once rather than after the delay.
    public static let flushBytes = 64 << 10

    private let pending = Mutex<[UInt8]>([])
    private let queue = DispatchQueue(label: "ftz.access-log")
    private let output: @Sendable ([UInt8]) -> Void

    /// Writes to standard output, or to `output` (tests).
    public init(output: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.output = output ?? { bytes in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// The access log for `configuration`: nil when requests are below the log level, or
    /// when logs are text for a terminal (those go through the logger, in its format).
    public static func forConfiguration(_ configuration: HTTPSettings, logger: Logger) -> AccessLog? {
        guard configuration.logLevel <= .info, logger.logLevel <= .info, configuration.logFormat == "json" else { return nil }
        return AccessLog()
    }

    public func record(_ line: Line, at time: Date = Date()) {
        // Encoded straight into the shared buffer: a line costs no allocation of its own,
        // and the lock is held for a few hundred nanoseconds.
        let (wasEmpty, full) = pending.withLock { buffer -> (Bool, Bool) in
            let wasEmpty = buffer.isEmpty
            Self.encode(line, at: time, into: &buffer)
            return (wasEmpty, buffer.count >= Self.flushBytes)
        }
        if full {
            queue.async { self.flush() }
        } else if wasEmpty {
            queue.asyncAfter(deadline: .now() + Self.flushDelay) { self.flush() }
        }
    }

    /// Writes what is buffered now (also at shutdown).
    public func flush() {
        let bytes = pending.withLock { buffer -> [UInt8] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if !bytes.isEmpty { output(bytes) }
    }

    public static func encode(_ line: Line, at time: Date, into bytes: inout [UInt8]) {
        func name(_ name: StaticString) {
            bytes.append(contentsOf: ",\"".utf8)
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(contentsOf: "\":".utf8)
        }
        bytes.append(contentsOf: "{\"ts\":\"".utf8)
        RFC3339.append(time, to: &bytes)
        bytes.append(contentsOf: "\",\"level\":\"info\",\"logger\":\"ftz\",\"msg\":\"request\"".utf8)
        name("request_id"); appendString(line.requestID, to: &bytes)
        name("actor"); appendString(line.actor, to: &bytes)
        name("method"); appendString(line.method, to: &bytes)
        name("path"); appendString(line.path, to: &bytes)
        name("route"); appendString(line.route, to: &bytes)
        name("status"); RFC3339.appendDigits(line.status, width: 1, to: &bytes)
        name("duration_ms")
        bytes.append(UInt8(ascii: "\""))
        appendMilliseconds(line.seconds, to: &bytes)
        bytes.append(contentsOf: "\"}\n".utf8)
    }

    /// `12.34`: two decimals without `String(format:)`, which goes through a C formatter.
    public static func milliseconds(_ seconds: Double) -> String {
        var bytes: [UInt8] = []
        appendMilliseconds(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func appendMilliseconds(_ seconds: Double, to bytes: inout [UInt8]) {
        let hundredths = max(0, Int((seconds * 100_000).rounded()))
        RFC3339.appendDigits(hundredths / 100, width: 1, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        RFC3339.appendDigits(hundredths % 100, width: 2, to: &bytes)
    }

    /// A JSON string: quotes, backslashes and control characters escaped (paths and request
    /// ids come from the caller).
    public static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(contentsOf: [byte].hexEncoded.utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
