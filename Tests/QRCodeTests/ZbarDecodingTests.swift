@testable import QRCode
import Testing

/// The decisive test: an independent reader decodes what the encoder drew. It fails, never
/// skips, when zbarimg is missing.
@Suite("Symbols read back by zbarimg")
struct ZbarDecodingTests {
    static let verificationURL = "https://ftz.example.vn/verify?number=HPFTZ-IRC-2026-000123"
    static let vietnamese = "Giấy chứng nhận đăng ký đầu tư"
    /// 150 bytes of certificate-like text.
    static let certificateLine = String(
        repeating: "HPFTZ-IRC-2026-000123 Hai Phong FTZ; ", count: 5).prefix(150).description
    /// Cycles through printable ASCII so that no run of equal bytes flatters the encoder.
    static func printable(count: Int) -> String {
        String((0..<count).map { Character(Unicode.Scalar(UInt8(33 + ($0 * 7) % 94))) })
    }

    @Test(arguments: [
        ZbarDecodingTests.verificationURL, ZbarDecodingTests.certificateLine, ZbarDecodingTests.vietnamese,
        ZbarDecodingTests.printable(count: 300), ZbarDecodingTests.printable(count: 1000), ZbarDecodingTests.printable(count: 2331),
    ])
    func zbarReadsThePayloadBack(payload: String) throws {
        let code = try QRCode.encode(payload)
        let decoded = try ZbarReader.decode(pgm: code.pgm(scale: 4))
        #expect(decoded == payload, "version \(code.version), mask \(code.mask.rawValue)")
    }

    /// Raw bytes, every value once, come back unchanged when zbar is told not to decode text.
    @Test func zbarReadsRawBytesBack() throws {
        let bytes = (0...255).map { UInt8($0) }
        let code = try QRCode.encode(bytes)
        #expect(try ZbarReader.decodeBytes(pgm: code.pgm(scale: 4)) == bytes)
    }

    @Test func thePayloadsCoverSmallAndVersionInformationBearingSymbols() throws {
        #expect(Self.certificateLine.utf8.count == 150)
        #expect(try QRCode.encode(Self.verificationURL).version < 7)
        #expect(try QRCode.encode(Self.printable(count: 300)).version >= 7)
    }

    /// Every version, each with a different mask in turn, so that every alignment table row,
    /// every version information word and every mask is put before the reader.
    @Test(arguments: VersionTable.versions)
    func zbarReadsEveryVersionAndMask(version: Int) throws {
        let payload = "v\(version) " + Self.printable(count: VersionTable.byteCapacity(version: version) - 4)
        let mask = MaskPattern.allCases[version % 8]
        let code = QRCode(encoding: Array(payload.utf8), version: version, mask: mask)
        let decoded = try ZbarReader.decode(pgm: code.pgm(scale: 3))
        #expect(decoded == payload, "mask \(mask.rawValue)")
    }
}
