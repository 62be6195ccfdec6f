import FTZCore
import Foundation
import Localization
import CatalogueFiles

/// What the zone shares (`Catalogue/<zone>/exchange.yaml`): services and their fields, the
/// purposes a query may state, and the member classes of the registry.
public struct ExchangeCatalogue: Sendable {
    public enum Subject: String, Sendable, Decodable { case enterprise, certificate }

    public struct Service: Sendable, Decodable, Equatable {
        public let code: String
        /// The data owner's organisation code.
        public let owner: String
        /// The records behind the service; its subject and the fields it may offer.
        public let source: RecordSource
        public let title: LocalizedText
        public let fields: [String]

        public var subject: Subject { source.subject }
    }

    public struct Purpose: Sendable, Decodable, Equatable {
        public let code: String
        public let name: LocalizedText
    }

    public let instance: String
    public let memberClasses: [String: String]
    public let purposes: [Purpose]
    public let services: [Service]

    public init(yaml: String) throws {
        self = try CatalogueFile.decode(ExchangeCatalogue.self, from: yaml, file: "exchange.yaml")
    }

    public static func load(directory: URL?) throws -> ExchangeCatalogue {
        if let directory {
            return try ExchangeCatalogue(yaml: try String(contentsOf: directory.appendingPathComponent("exchange.yaml"), encoding: .utf8))
        }
        guard let text = EmbeddedFiles.contents["Catalogue/hpftz/exchange.yaml"] else {
            throw Problem(.internalError, "catalogue_missing", arguments: ["file": "exchange.yaml"])
        }
        return try ExchangeCatalogue(yaml: text)
    }

    public func service(_ code: String) -> Service? { services.first { $0.code == code } }
    public func purpose(_ code: String) -> Purpose? { purposes.first { $0.code == code } }
}

extension ExchangeCatalogue: Decodable {
    enum CodingKeys: String, CodingKey { case instance, memberClasses, purposes, services }
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        instance = try container.decode(String.self, forKey: .instance)
        memberClasses = try container.decode([String: String].self, forKey: .memberClasses)
        purposes = try container.decode([Purpose].self, forKey: .purposes)
        services = try container.decode([Service].self, forKey: .services)
        for (index, service) in services.enumerated() {
            let unknown = service.fields.filter { !service.source.fields.contains($0) }
            guard unknown.isEmpty else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: [CodingKeys.services, IndexKey(index)],
                    debugDescription: "service \(service.code) offers fields its source \(service.source.rawValue) does not have: "
                        + "\(unknown.joined(separator: ", ")); it has \(service.source.fields.joined(separator: ", "))"))
            }
        }
        let codes = services.map(\.code)
        guard Set(codes).count == codes.count else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [CodingKeys.services], debugDescription: "service codes repeat"))
        }
    }

    private struct IndexKey: CodingKey {
        let intValue: Int?
        let stringValue: String
        init(_ index: Int) { intValue = index; stringValue = String(index) }
        init?(stringValue: String) { return nil }
        init?(intValue: Int) { self.init(intValue) }
    }
}
