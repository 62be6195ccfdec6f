import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Identity

extension APIHandler {
    // MARK: Organisations

    func listOrganisations(_ input: Operations.ListOrganisations.Input) async throws -> Operations.ListOrganisations.Output {
        let page = try page(limit: input.query.limit, cursor: input.query.cursor)
        let kind = input.query.kind.flatMap { OrganisationKind(rawValue: $0.rawValue) }
        let result = try await services.organisations.organisations(kind: kind, page: page, by: actor)
        return .ok(.init(body: .json(.init(items: result.items.map(IdentityMapping.organisation), nextCursor: result.nextCursor))))
    }

    func createOrganisation(_ input: Operations.CreateOrganisation.Input) async throws -> Operations.CreateOrganisation.Output {
        let body = switch input.body { case .json(let body): body }
        let organisation = try await services.organisations.createOrganisation(.init(
            kind: OrganisationKind(body.kind), name: body.name, nameLatin: body.nameLatin, country: body.country,
            taxCode: body.taxCode, preferredLanguage: body.preferredLanguage, code: body.code, parentRegistration: body.parentRegistration),
            by: actor)
        created(at: "/v1/organisations/\(organisation.id.lowercasedString)", version: organisation.version)
        return .created(.init(body: .json(IdentityMapping.organisation(organisation))))
    }

    func getOrganisation(_ input: Operations.GetOrganisation.Input) async throws -> Operations.GetOrganisation.Output {
        let organisation = try await services.organisations.organisation(try identifier(input.path.organisationId, "organisation"), by: actor)
        tag(version: organisation.version)
        return .ok(.init(body: .json(IdentityMapping.organisation(organisation))))
    }

    // MARK: Users

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let page = try page(limit: input.query.limit, cursor: input.query.cursor)
        let organisation = try input.query.organisationId.map { try identifier($0, at: "query:organisationId") }
        let result = try await services.accounts.users(organisation: organisation, page: page, by: actor)
        return .ok(.init(body: .json(.init(items: result.items.map(IdentityMapping.user), nextCursor: result.nextCursor))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let body = switch input.body { case .json(let body): body }
        let user = try await services.accounts.createUser(.init(
            organisationID: try identifier(body.organisationId, at: "/organisationId"), username: body.username,
            displayName: body.displayName, email: body.email, password: body.password, roles: body.roles), by: actor)
        created(at: "/v1/users/\(user.id.lowercasedString)", version: user.version)
        return .created(.init(body: .json(IdentityMapping.user(user))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        let user = try await services.accounts.user(try identifier(input.path.userId, "user"), by: actor)
        tag(version: user.version)
        return .ok(.init(body: .json(IdentityMapping.user(user))))
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        let body = switch input.body { case .json(let body): body }
        let id = try identifier(input.path.userId, "user")
        let user = try await services.accounts.updateUser(
            id, .init(displayName: body.displayName, email: body.email.map { .some($0) }, roles: body.roles, disabled: body.disabled),
            expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        tag(version: user.version)
        return .ok(.init(body: .json(IdentityMapping.user(user))))
    }

    func resetUserPassword(_ input: Operations.ResetUserPassword.Input) async throws -> Operations.ResetUserPassword.Output {
        let body = switch input.body { case .json(let body): body }
        try await services.accounts.resetPassword(try identifier(input.path.userId, "user"), newPassword: body.password, by: actor)
        return .noContent(.init())
    }

    func revokeUserTokens(_ input: Operations.RevokeUserTokens.Input) async throws -> Operations.RevokeUserTokens.Output {
        let count = try await services.accounts.revokeTokens(ofUser: try identifier(input.path.userId, "user"), by: actor)
        return .ok(.init(body: .json(.init(revoked: count))))
    }

    // MARK: Clients

    func listClients(_ input: Operations.ListClients.Input) async throws -> Operations.ListClients.Output {
        let page = try page(limit: input.query.limit, cursor: input.query.cursor)
        let organisation = try input.query.organisationId.map { try identifier($0, at: "query:organisationId") }
        let result = try await services.clients.clients(organisation: organisation, page: page, by: actor)
        return .ok(.init(body: .json(.init(items: result.items.map(IdentityMapping.client), nextCursor: result.nextCursor))))
    }

    func createClient(_ input: Operations.CreateClient.Input) async throws -> Operations.CreateClient.Output {
        let body = switch input.body { case .json(let body): body }
        let issued = try await services.clients.createClient(.init(
            organisationID: try identifier(body.organisationId, at: "/organisationId"), name: body.name, roles: body.roles,
            scopes: body.scopes), by: actor)
        created(at: "/v1/clients/\(issued.client.id.lowercasedString)", version: nil)
        forbidStoring()
        return .created(.init(body: .json(.init(client: IdentityMapping.client(issued.client), clientSecret: issued.clientSecret))))
    }

    func getClient(_ input: Operations.GetClient.Input) async throws -> Operations.GetClient.Output {
        let client = try await services.clients.client(try identifier(input.path.clientId, "client"), by: actor)
        return .ok(.init(body: .json(IdentityMapping.client(client))))
    }

    func disableClient(_ input: Operations.DisableClient.Input) async throws -> Operations.DisableClient.Output {
        .ok(.init(body: .json(IdentityMapping.client(try await services.clients.disableClient(try identifier(input.path.clientId, "client"),
                                                                                               by: actor)))))
    }

    func revokeClientTokens(_ input: Operations.RevokeClientTokens.Input) async throws -> Operations.RevokeClientTokens.Output {
        let count = try await services.clients.revokeTokens(ofClient: try identifier(input.path.clientId, "client"), by: actor)
        return .ok(.init(body: .json(.init(revoked: count))))
    }
}
