import DataExchange
import Foundation
import FTZAPI
import FTZCore
import HTTPSupport
import HTTPTypes
import Localization
import OpenAPIRuntime

extension APIHandler {
    func listExchangeServices(_ input: Operations.ListExchangeServices.Input) async throws -> Operations.ListExchangeServices.Output {
        let language = RequestScope.current.language
        let catalogue = services.exchange.catalogue
        return .ok(.init(body: .json(.init(
            instance: catalogue.instance,
            services: catalogue.services.map { .init(code: $0.code, owner: $0.owner, subject: .init($0.subject),
                                                     title: $0.title.text(language), fields: $0.fields) },
            purposes: catalogue.purposes.map { .init(code: $0.code, name: $0.name.text(language)) }))))
    }

    func queryExchangeService(_ input: Operations.QueryExchangeService.Input) async throws -> Operations.QueryExchangeService.Output {
        let answer = try await Self.placing(["purpose": "header:Exchange-Purpose", "official": "header:Exchange-Official"]) {
            try await services.exchange.query(service: input.path.service, subject: input.query.subject,
                                              purpose: input.headers.exchangePurpose, official: input.headers.exchangeOfficial, by: actor)
        }
        let body = answer.body
        let records: [Components.Schemas.ExchangeAnswer.RecordsPayloadPayload] = {
            guard case .array(let items)? = body["records"] else { return [] }
            return items.map { .init(additionalProperties: JSONContainers.container($0)) }
        }()
        // Set beside the generated output, which would percent-encode them.
        ResponseDecorations.set(HTTPField.Name("Exchange-Query-Id")!, answer.queryID.lowercasedString)
        ResponseDecorations.set(HTTPField.Name("Exchange-Content-Digest")!, answer.digest)
        ResponseDecorations.set(HTTPField.Name("Exchange-Signature")!,
                                "keyid=\"\(answer.keyName)\", sig=:\(Data(answer.signature).base64EncodedString()):")
        return .ok(.init(
            body: .json(.init(queryId: answer.queryID.lowercasedString, service: body["service"]?.stringValue ?? "",
                              client: body["client"]?.stringValue ?? "", purpose: body["purpose"]?.stringValue ?? "",
                              subject: body["subject"]?.stringValue ?? "",
                              issuedAt: body["issuedAt"]?.stringValue.flatMap(RFC3339.parse) ?? Date(),
                              fields: (body["fields"].flatMap { value -> [String]? in
                                  guard case .array(let items) = value else { return nil }
                                  return items.compactMap(\.stringValue)
                              }) ?? [],
                              records: records))))
    }

    func listAllowedExchangeServices(_ input: Operations.ListAllowedExchangeServices.Input) async throws
        -> Operations.ListAllowedExchangeServices.Output
    {
        let (subsystem, grants) = try await services.exchange.allowed(by: actor)
        return .ok(.init(body: .json(.init(client: subsystem.identifier, grants: grants.map(grantView)))))
    }

    func listExchangeKeys(_ input: Operations.ListExchangeKeys.Input) async throws -> Operations.ListExchangeKeys.Output {
        .ok(.init(body: .json(.init(keys: [services.exchange.verifierKey.serialized]))))
    }

    func listSubsystems(_ input: Operations.ListSubsystems.Input) async throws -> Operations.ListSubsystems.Output {
        .ok(.init(body: .json(.init(items: try await services.exchange.subsystems(by: actor).map(Self.subsystem)))))
    }

    func registerSubsystem(_ input: Operations.RegisterSubsystem.Input) async throws -> Operations.RegisterSubsystem.Output {
        let body = switch input.body { case .json(let body): body }
        let subsystem = try await services.exchange.registerSubsystem(client: try identifier(body.clientId, at: "/clientId"), code: body.code,
                                                                       name: body.name, by: actor)
        return .created(.init(body: .json(Self.subsystem(subsystem))))
    }

    func listGrants(_ input: Operations.ListGrants.Input) async throws -> Operations.ListGrants.Output {
        let subsystem = try input.query.subsystem.map { text throws -> UUID in
            guard let id = UUID(uuidString: text) else {
                throw Problem(.badRequest, "invalid_parameter", fieldErrors: [.init("query:subsystem", "uuid_format")])
            }
            return id
        }
        return .ok(.init(body: .json(.init(items: try await services.exchange.grants(subsystem: subsystem, by: actor).map(grantView)))))
    }

    func createGrant(_ input: Operations.CreateGrant.Input) async throws -> Operations.CreateGrant.Output {
        let body = switch input.body { case .json(let body): body }
        let grant = try await services.exchange.grant(.init(subsystemID: try identifier(body.subsystemId, at: "/subsystemId"), service: body.service,
                                                            fields: body.fields, purposes: body.purposes, expiresAt: body.expiresAt), by: actor)
        return .created(.init(body: .json(grantView(grant))))
    }

    func revokeGrant(_ input: Operations.RevokeGrant.Input) async throws -> Operations.RevokeGrant.Output {
        .ok(.init(body: .json(grantView(try await services.exchange.revoke(grant: try identifier(input.path.grantId, "grant"), by: actor)))))
    }

    func getDataTracker(_ input: Operations.GetDataTracker.Input) async throws -> Operations.GetDataTracker.Output {
        let organisation = try input.query.organisation.map { try identifier($0, at: "query:organisation") }
        let page = try await services.exchange.tracker(of: organisation, page: try page(limit: input.query.limit, cursor: input.query.cursor),
                                                       by: actor)
        let language = RequestScope.current.language
        let catalogue = services.exchange.catalogue
        let staff = actor.hasAny(.admin, .auditor)
        return .ok(.init(body: .json(.init(items: page.items.map { record in
            .init(id: record.id.lowercasedString, at: record.at, client: record.subsystem, agency: record.memberName, service: record.service,
                  purpose: record.purpose, purposeName: catalogue.purpose(record.purpose)?.name.text(language) ?? record.purpose,
                  subject: record.subjectReference, subjectOrganisationId: record.subjectOrganisation?.lowercasedString,
                  outcome: .init(record.outcome), reason: record.reason, fields: record.fields,
                  official: staff ? record.official : nil, ledgerIndex: record.ledgerIndex)
        }, nextCursor: page.nextCursor))))
    }

    static func subsystem(_ subsystem: Subsystem) -> Components.Schemas.Subsystem {
        .init(id: subsystem.id.lowercasedString, identifier: subsystem.identifier, memberId: subsystem.memberID.lowercasedString,
              memberCode: subsystem.memberCode, memberClass: subsystem.memberClass, code: subsystem.code, name: subsystem.name,
              clientId: subsystem.clientID.lowercasedString, createdAt: subsystem.createdAt)
    }

    func grantView(_ grant: Grant) -> Components.Schemas.Grant {
        .init(id: grant.id.lowercasedString, subsystemId: grant.subsystemID.lowercasedString, service: grant.service, fields: grant.fields,
              purposes: grant.purposes, expiresAt: grant.expiresAt, createdBy: grant.createdBy, createdAt: grant.createdAt,
              revokedAt: grant.revokedAt, revokedBy: grant.revokedBy, active: grant.isActive(at: services.clock.now()))
    }
}
