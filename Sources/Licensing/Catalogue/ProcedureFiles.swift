import Foundation
import Yams

/// Reads `procedures/*.yaml`. A later version of a procedure is usually a few changed
/// fields (a new legal basis, a date), so its file may say `basedOn: <version>` and give
/// only what changes: its top-level keys replace the base version's, and everything
/// else is inherited. The base stays a file of its own, as dossiers filed under it keep it.
/// A related procedure may be based on another one's version the same way.
/// Decoding recurses: call it on a ``DeepStack`` thread, as ``ZoneCatalogue/load(_:)`` does.
enum ProcedureFiles {
    static func decode(_ files: [(name: String, text: String)]) throws -> [Procedure] {
        var mappings: [(name: String, mapping: Node.Mapping)] = []
        for (name, text) in files {
            guard let mapping = try ZoneCatalogue.composed(text, name, resolver: .default).mapping else { throw ZoneCatalogue.LoadError(file: name, reason: "a procedure is a mapping") }
            mappings.append((name, mapping))
        }
        func key(_ mapping: Node.Mapping) -> String? {
            guard let code = mapping["code"]?.string, let version = mapping["version"]?.int else { return nil }
            return "\(code)#\(version)"
        }
        let byVersion = Dictionary(mappings.compactMap { entry in key(entry.mapping).map { ($0, entry) } }, uniquingKeysWith: { first, _ in first })

        func resolved(_ name: String, _ mapping: Node.Mapping, depth: Int = 0) throws -> Node.Mapping {
            guard let base = mapping["basedOn"] else { return mapping }
            guard depth < 16 else { throw ZoneCatalogue.LoadError(file: name, reason: "basedOn chain too long (a loop?)") }
            // `basedOn: 1` is an earlier version of the same procedure; `basedOn: {code, version}`
            // another procedure that shares most of its form, documents and texts.
            guard let code = base.mapping?["code"]?.string ?? mapping["code"]?.string,
                  let version = base.int ?? base.mapping?["version"]?.int,
                  let parent = byVersion["\(code)#\(version)"]
            else { throw ZoneCatalogue.LoadError(file: name, reason: "basedOn names no procedure version in the catalogue") }
            var merged = try resolved(parent.name, parent.mapping, depth: depth + 1)
            for (field, value) in mapping where field.string != "basedOn" { merged[field] = value }
            // What the base did not know yet, the later version must say for itself.
            for inheritedOnly in ["effectiveUntil", "changes", "unconfirmed"] where mapping[inheritedOnly] == nil {
                merged[inheritedOnly] = nil
            }
            return merged
        }

        var procedures: [Procedure] = []
        var seen: Set<String> = []
        for (name, mapping) in mappings {
            if let key = key(mapping), !seen.insert(key).inserted {
                throw ZoneCatalogue.LoadError(file: name, reason: "another file defines the same code and version")
            }
            let procedure: Procedure
            do { procedure = try YAMLDecoder().decode(Procedure.self, from: Node.mapping(try resolved(name, mapping))) }
            catch let error as ZoneCatalogue.LoadError { throw error }
            catch { throw ZoneCatalogue.LoadError(file: name, reason: "\(error)") }
            do { try procedure.validate() } catch { throw ZoneCatalogue.LoadError(file: name, reason: "\(error)") }
            procedures.append(procedure)
        }
        return procedures
    }
}
