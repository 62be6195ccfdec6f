import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import Identity

/// Investors on their own: registering, keeping their details current, inviting colleagues.
extension APIHandler {
    func registerOrganisation(_ input: Operations.RegisterOrganisation.Input) async throws -> Operations.RegisterOrganisation.Output {
        let body = switch input.body { case .json(let body): body }
        let (organisation, user) = try await services.organisations.register(
            .init(organisation: .init(kind: .investorEnterprise, name: body.name, nameLatin: body.nameLatin, country: body.country,
                                      taxCode: body.taxCode, preferredLanguage: body.preferredLanguage,
                                      parentRegistration: body.parentRegistration),
                  username: body.username, displayName: body.displayName, email: body.email, password: body.password),
            clientAddress: RequestScope.current.clientAddress)
        created(at: "/v1/organisations/\(organisation.id.lowercasedString)", version: organisation.version)
        return .created(.init(body: .json(.init(organisation: IdentityMapping.organisation(organisation), user: IdentityMapping.user(user)))))
    }

    func updateOrganisation(_ input: Operations.UpdateOrganisation.Input) async throws -> Operations.UpdateOrganisation.Output {
        let body = switch input.body { case .json(let body): body }
        let organisation = try await services.organisations.updateOrganisation(
            try identifier(input.path.organisationId, "organisation"),
            .init(nameLatin: body.nameLatin.map { .some($0) }, taxCode: body.taxCode.map { .some($0) }, preferredLanguage: body.preferredLanguage,
                  parentRegistration: body.parentRegistration.map { .some($0) }),
            expectedVersion: try Self.requiredVersion(fromIfMatch: input.headers.ifMatch), by: actor)
        tag(version: organisation.version)
        return .ok(.init(body: .json(IdentityMapping.organisation(organisation))))
    }

    func listInvitations(_ input: Operations.ListInvitations.Input) async throws -> Operations.ListInvitations.Output {
        let page = try await services.accounts.invitations(of: try identifier(input.path.organisationId, "organisation"),
                                                           page: try page(limit: input.query.limit, cursor: input.query.cursor), by: actor)
        let now = services.clock.now()
        return .ok(.init(body: .json(.init(items: page.items.map { IdentityMapping.invitation($0, now: now) }, nextCursor: page.nextCursor))))
    }

    func createInvitation(_ input: Operations.CreateInvitation.Input) async throws -> Operations.CreateInvitation.Output {
        let body = switch input.body { case .json(let body): body }
        let issued = try await services.accounts.invite(email: body.email, to: try identifier(input.path.organisationId, "organisation"),
                                                        by: actor)
        forbidStoring()
        return .created(.init(body: .json(IdentityMapping.invitation(issued.invitation, now: services.clock.now(), token: issued.token))))
    }

    func revokeInvitation(_ input: Operations.RevokeInvitation.Input) async throws -> Operations.RevokeInvitation.Output {
        let invitation = try await services.accounts.revokeInvitation(try identifier(input.path.invitationId, "invitation"), by: actor)
        return .ok(.init(body: .json(IdentityMapping.invitation(invitation, now: services.clock.now()))))
    }

    func acceptInvitation(_ input: Operations.AcceptInvitation.Input) async throws -> Operations.AcceptInvitation.Output {
        let body = switch input.body { case .json(let body): body }
        let user = try await services.accounts.acceptInvitation(token: body.token, username: body.username, displayName: body.displayName,
                                                                password: body.password, clientAddress: RequestScope.current.clientAddress)
        return .created(.init(body: .json(IdentityMapping.user(user))))
    }
}
