import HTTPSupport
import Hummingbird

/// The web console beside the API: its pages in their own route groups (see
/// ``WebConsole/mount(on:)``), and the pages a browser gets for what the router or any
/// layer refuses (an unknown address, a body too large, a server error).
public struct ConsoleRoutes: Sendable {
    let console: WebConsole

    public init(services: Capabilities, settings: HTTPSettings) throws {
        console = try WebConsole(services: services, maximumUploadBytes: settings.maximumDocumentBytes, publicBase: settings.publicBase)
    }

    public var problemPages: any ProblemPageRendering { console }

    public func mount(on router: Router<FTZRequestContext>) {
        console.mount(on: router)
    }
}
