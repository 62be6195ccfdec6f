import Dispatch
import DocumentSigning
import Foundation
import PDFWriter
import QRCode

// Issue 29's document figures, in release: a certificate-shaped A4 page (sixteen bilingual
// rows of Vietnamese and English in two DejaVu subsets, a QR code) written and PAdES-signed
// with a development P-256 key, one at a time on one core; then a 5 MB signed PDF (an image
// of noise, so nothing compresses) verified against its trust anchor.
//
//   DocumentsBench [--documents N] [--verifications N]

var arguments = [String: String]()
var position = 1
while position + 1 < CommandLine.arguments.count {
    arguments[CommandLine.arguments[position]] = CommandLine.arguments[position + 1]
    position += 2
}
let documents = arguments["--documents"].flatMap(Int.init) ?? 500
let verifications = arguments["--verifications"].flatMap(Int.init) ?? 20

func milliseconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6 }
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
}
func peakResidentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

let identity = try DevelopmentSigningIdentity.generate(issuedAt: Date())
let signer = try identity.signer()
let regular = try BundledFont.dejaVuSans.load(), bold = try BundledFont.dejaVuSansBold.load()
let rows = (1...16).map { index in
    ("Trường thông tin số \(index) của giấy chứng nhận đăng ký đầu tư", "Certificate field number \(index)",
     "Công ty TNHH Năng lượng Gió Biển Đông — giá trị \(index * 1_234_567) đồng")
}

func certificate(number: Int) throws -> PDFDocument {
    var page = PDFPage(size: .a4)
    var top = page.size.height - 56.7
    top = page.drawParagraph("GIẤY CHỨNG NHẬN ĐĂNG KÝ ĐẦU TƯ", x: 56.7, top: top, width: 482, font: bold, size: 15, alignment: .center)
    top = page.drawParagraph("Investment registration certificate", x: 56.7, top: top, width: 482, font: regular, size: 10,
                             alignment: .center) - 14
    for (vi, en, value) in rows {
        let label = page.drawParagraph(vi, x: 56.7, top: top, width: 190, font: bold, size: 9.5)
        let english = page.drawParagraph(en, x: 56.7, top: label, width: 190, font: regular, size: 8)
        let shown = page.drawParagraph(value, x: 256.7, top: top, width: 282, font: regular, size: 10)
        top = min(english, shown) - 6
    }
    let code = try QRCode.encode("https://ftz.example.vn/verify?number=HPFTZ-IRC-2026-\(String(format: "%06d", number))")
    let raster = code.grayscalePixels(scale: 4)
    page.drawImage(try PDFImage(width: raster.width, height: raster.height, colorSpace: .gray, pixels: raster.pixels),
                   in: PDFRect(x: 56.7, y: 42.5, width: 80, height: 80))
    var document = PDFDocument(info: PDFDocumentInfo(title: "Certificate \(number)"), language: "vi")
    document.append(page)
    document.signatureField = PDFSignatureField(signingTime: Date())
    return document
}

// Render and sign, one document after another.
var times: [Double] = []
var bytes = 0
_ = try await PAdESSigning.sign(pdf: try certificate(number: 0).serialize().bytes, signer: signer, signingTime: Date())  // warm-up
let all = DispatchTime.now()
for number in 1...documents {
    let started = DispatchTime.now()
    let signed = try await PAdESSigning.sign(pdf: try certificate(number: number).serialize().bytes, signer: signer, signingTime: Date())
    times.append(milliseconds(since: started))
    bytes = signed.count
}
let perSecond = Double(documents) / (milliseconds(since: all) / 1000)

// A 5 MB signed PDF, verified against its anchor.
var noise = SystemRandomNumberGenerator()
let side = 2_290  // 2,290² grey pixels ≈ 5.2 MB that deflate cannot shrink
var large = PDFPage(size: .a4)
large.drawImage(try PDFImage(width: side, height: side, colorSpace: .gray, pixels: (0..<(side * side)).map { _ in UInt8.random(in: 0...255, using: &noise) }),
                in: PDFRect(x: 56.7, y: 200, width: 400, height: 400))
var largeDocument = PDFDocument(language: "vi")
largeDocument.append(large)
largeDocument.signatureField = PDFSignatureField(signingTime: Date())
let largeSigned = try await PAdESSigning.sign(pdf: try largeDocument.serialize().bytes, signer: signer, signingTime: Date())
let verifier = PDFSignatureVerifier(trustAnchors: TrustAnchors(certificates: [identity.authorityCertificate]))
var verifyTimes: [Double] = []
for _ in 0..<verifications {
    let started = DispatchTime.now()
    let report = await verifier.verify(pdf: largeSigned, now: Date())
    verifyTimes.append(milliseconds(since: started))
    precondition(report.isSignedAndUnchanged, "the large PDF must verify")
}

print(String(format: """
    {"documents": %d, "signedPerSecond": %.1f, "p50Ms": %.2f, "p99Ms": %.2f, "bytesPerPDF": %d, \
    "verifiedBytes": %d, "verifyP50Ms": %.2f, "verifyMaxMs": %.2f, "peakRSSMB": %.1f}
    """, documents, perSecond, percentile(times, 0.5), percentile(times, 0.99), bytes, largeSigned.count,
    percentile(verifyTimes, 0.5), verifyTimes.max() ?? 0, peakResidentMegabytes()))
