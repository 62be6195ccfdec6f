import HTTPSupport
import Hummingbird

/// Mounts the web console on a router, beside the API: its pages in their own route groups
/// (see ``WebConsole/mount(on:)``).
public enum ConsoleRoutes {
    public static func mount(on router: Router<FTZRequestContext>, services: Capabilities, settings: HTTPSettings) throws {
        try WebConsole(services: services, maximumUploadBytes: settings.maximumDocumentBytes, publicBase: settings.publicBase)
            .mount(on: router)
    }
}
