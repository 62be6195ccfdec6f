import Hummingbird

// The reference for HTTP benchmarks: a bare Hummingbird application answering a fixed
// text, built with the same compiler and flags as ftz so the two can be compared.
let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8090
let router = Router()
router.get("/") { _, _ in "Hello, world!" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
