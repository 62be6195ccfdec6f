import Foundation
import FTZCore
import HTTPSupport
import HTTPTypes
import Hummingbird

/// The console's outer layer: resolves the browser's session once (for every handler and
/// the page frame), refuses parameters carrying control characters, and shows what a
/// handler refuses as a page in the person's language (a dossier that is not theirs is
/// "not found", as in the API), never as JSON; a dead session goes to sign-in.
struct ConsolePageMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext
    let console: WebConsole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let session = await WebSession.resolve(request, authentication: console.services.authentication, policy: console.cookiePolicy)
        return try await WebSession.$current.withValue(session) {
            do {
                let parameterErrors = ParameterTextMiddleware.errors(in: request)
                guard parameterErrors.isEmpty else { throw Problem(.badRequest, "invalid_parameter", fieldErrors: parameterErrors) }
                return try await next(request, context)
            } catch let problem as Problem where problem.status == .unauthorized {
                return WebView.redirect(to: SignInRequiredMiddleware.signIn(returningTo: request))
            } catch let problem as Problem where problem.status == .payloadTooLarge && context.endpointPath.map(WebConsole.uploadRoutes.contains) == true
                && session.actor.isAuthenticated
            {
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw problem }
                return try await console.uploadTooLarge(request, id: id, session: session)
            } catch let problem as Problem where problem.status != .internalError && problem.status != .serviceUnavailable {
                return console.problemPage(problem, session: session, request: request)
            }
        }
    }
}

/// The pages and forms of signed-in people: anyone else is sent to sign in before the
/// handler runs and before a byte of a posted body is read.
struct SignInRequiredMiddleware: RouterMiddleware {
    typealias Context = FTZRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard WebSession.current?.actor.isAuthenticated == true else { return WebView.redirect(to: Self.signIn(returningTo: request)) }
        return try await next(request, context)
    }

    /// The sign-in page, asked to return to the page requested (a page, not a posted form,
    /// whose body is gone).
    static func signIn(returningTo request: Request) -> String {
        guard request.method == .get, let target = request.uri.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else {
            return "/login"
        }
        return "/login?next=\(target)"
    }

    /// Where a sign-in may return: a path of this site only (never `//host` or `/\host`, which
    /// browsers read as another site), and not the sign-in pages themselves.
    static func returnPath(_ candidate: String?) -> String? {
        guard let candidate, candidate.hasPrefix("/"), candidate.count <= 2_000 else { return nil }
        let second = candidate.dropFirst().first
        guard second != "/", second != "\\",
              !candidate.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              !candidate.hasPrefix("/login"), !candidate.hasPrefix("/logout") else { return nil }
        return candidate
    }
}
