import FTZCore
import Crypto
import Foundation

/// One numbered SQL migration file, e.g. `0003_identity_tokens.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    /// Hex SHA-256 of the file's bytes, recorded when applied so later edits are caught.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).hexEncoded
    }

    /// The file's statements. Neither driver runs several statements in one call, so a
    /// file holding more than one separates them with a line reading exactly `--;;`.
    public var statements: [String] {
        sql.components(separatedBy: "\n--;;\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { statement in
                // A chunk holding only comments is not a statement.
                statement.split(separator: "\n").contains { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            }
    }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Where migration files come from: the copy compiled into the binary from the
/// repository's `Migrations/` folder, or a directory on disk.
public enum MigrationSource: Sendable {
    case bundled
    case directory(URL)

    public enum LoadError: Error, CustomStringConvertible {
        case missingDirectory(String)
        case badFileName(String)
        case duplicateVersion(Int)
        public var description: String {
            switch self {
            case .missingDirectory(let path): "migration directory not found: \(path)"
            case .badFileName(let name): "migration file name must be NNNN_name.sql: \(name)"
            case .duplicateVersion(let version): "two migration files carry number \(version)"
            }
        }
    }

    /// The migrations for `kind`, ordered by number.
    public func load(for kind: DatabaseKind) throws -> [Migration] {
        var files: [(name: String, sql: String)] = []
        switch self {
        case .bundled:
            let prefix = "Migrations/\(kind.rawValue)/"
            files = EmbeddedFiles.contents.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) }
        case .directory(let root):
            let folder = root.appendingPathComponent(kind.rawValue)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
                throw LoadError.missingDirectory(folder.path)
            }
            for name in names where name.hasSuffix(".sql") {
                files.append((name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        var migrations: [Migration] = []
        for file in files.sorted(by: { $0.name < $1.name }) where file.name.hasSuffix(".sql") {
            let digits = file.name.prefix(while: \.isNumber)
            guard digits.count == 4, let version = Int(digits), file.name.dropFirst(4).hasPrefix("_") else {
                throw LoadError.badFileName(file.name)
            }
            if migrations.contains(where: { $0.version == version }) { throw LoadError.duplicateVersion(version) }
            migrations.append(Migration(version: version, name: String(file.name.dropFirst(5).dropLast(4)), sql: file.sql))
        }
        return migrations
    }
}
