import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Identity

extension APIHandler {
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        let body = switch input.body { case .json(let body): body }
        let token = try await services.authentication.login(username: body.username, password: body.password,
                                                           clientAddress: RequestScope.current.clientAddress)
        forbidStoring()
        return .ok(.init(body: .json(.init(accessToken: token.accessToken, tokenType: .bearer, expiresIn: token.expiresIn,
                                           expiresAt: token.expiresAt))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        try await services.authentication.logout(actor)
        return .noContent(.init())
    }

    func issueClientToken(_ input: Operations.IssueClientToken.Input) async throws -> Operations.IssueClientToken.Output {
        let form = switch input.body { case .urlEncodedForm(let form): form }
        guard form.grantType == "client_credentials" else {
            throw Problem(.badRequest, "unsupported_grant_type", fieldErrors: [.init("/grant_type", "grant_type_unsupported")])
        }
        // RFC 6749 §2.3.1: HTTP Basic is the recommended way, the form body is allowed too.
        let credentials = RequestScope.current.basicCredentials ?? form.clientId.map { ($0, form.clientSecret ?? "") }
        guard let (clientID, secret) = credentials, !clientID.isEmpty, !secret.isEmpty else {
            throw Problem(.unauthorized, "invalid_client")
        }
        let scopes = form.scope.map { Set($0.split(separator: " ").map(String.init)) }
        let token = try await services.authentication.clientCredentials(clientID: clientID, clientSecret: secret, requestedScopes: scopes)
        forbidStoring()
        return .ok(.init(body: .json(.init(accessToken: token.accessToken, tokenType: .bearer, expiresIn: token.expiresIn,
                                           scope: token.scopes.sorted().joined(separator: " ")))))
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        guard actor.isAuthenticated else { throw Problem.unauthenticated() }
        let profile = try await services.accounts.profile(of: actor)
        return .ok(.init(body: .json(.init(
            kind: profile.user != nil ? .user : .client,
            user: profile.user.map(IdentityMapping.user), client: profile.client.map(IdentityMapping.client),
            organisation: IdentityMapping.organisation(profile.organisation),
            roles: actor.roles.sorted().compactMap { Components.Schemas.Role(rawValue: $0.rawValue) },
            scopes: actor.scopes.sorted()))))
    }
}
