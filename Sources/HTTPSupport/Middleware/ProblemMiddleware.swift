import Foundation
import FTZCore
import HTTPTypes
import Hummingbird
import Localization
import NIOCore

/// Catches every error below it and answers with a localized problem document. Also
/// tells a wrong method (405 + `Allow`) from an unknown path (404).
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = FTZRequestContext
    public let catalogue: MessageCatalogue
    public let routes: RouteTable
    /// Pages for browsers (``BrowserRequest/wantsPage(_:)``); without them every refusal is
    /// a problem document.
    public let pages: (any ProblemPageRendering)?

    public init(catalogue: MessageCatalogue, routes: RouteTable, pages: (any ProblemPageRendering)? = nil) {
        self.catalogue = catalogue
        self.routes = routes
        self.pages = pages
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = ErrorTranslation.problem(for: error, logger: context.logger)
            // The generated decoders report a bad query or path parameter as a bare decoding
            // error; the declaration tells which parameter it was.
            if ErrorTranslation.isDecodingFailure(error) {
                let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }) { first, _ in first }
                let parameterErrors = routes.parameterErrors(method: request.method.rawValue, path: request.uri.path, query: query)
                if !parameterErrors.isEmpty { problem = Problem(.badRequest, "invalid_parameter", fieldErrors: parameterErrors) }
            }
            problem.fieldErrors = problem.fieldErrors.map { routes.located($0, method: request.method.rawValue, path: request.uri.path) }
            var headers = HTTPFields()
            if problem.code == "route_not_found", let allowed = routes.allowedMethods(for: request.uri.path) {
                problem = Problem(.methodNotAllowed, "method_not_allowed", arguments: ["method": request.method.rawValue],
                                  allowed: allowed)
                headers[.allow] = allowed.joined(separator: ", ")
            }
            if problem.status == .unauthorized {
                let tokenError = problem.code.hasPrefix("token_") ? ", error=\"invalid_token\"" : ""
                headers[.wwwAuthenticate] = "Bearer realm=\"ftz\"\(tokenError)"
            }
            if let retryAfter = problem.retryAfter { headers[.retryAfter] = String(retryAfter) }
            if problem.status.rawValue >= 500 {
                context.logger.error("answered with a server error", metadata: ["problem": "\(problem.code)"])
            }
            if let pages, BrowserRequest.wantsPage(request) {
                var page = await pages.page(for: problem, request: request)
                for field in headers { page.headers[field.name] = field.value }
                return page
            }
            return render(problem, request: request, headers: headers)
        }
    }

    public func render(_ problem: Problem, request: Request, headers: HTTPFields = [:]) -> Response {
        let scope = RequestScope.current
        let oauthError = request.uri.path == "/v1/oauth/token" ? OAuthErrors.code(for: problem) : nil
        let document = ProblemDocument(problem, language: scope.language, catalogue: catalogue, requestID: scope.requestID,
                                       instance: request.uri.path, oauthError: oauthError)
        let body = (try? ProblemDocument.encoder.encode(document)) ?? Data()
        var headers = headers
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        return Response(status: .init(code: problem.status.rawValue), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// RFC 6749 §5.2 error codes for problems on the token endpoint.
public enum OAuthErrors {
    public static func code(for problem: Problem) -> String {
        switch problem.code {
        case "invalid_client": "invalid_client"
        case "invalid_scope": "invalid_scope"
        case "unsupported_grant_type": "unsupported_grant_type"
        default: "invalid_request"
        }
    }
}
