import Foundation
import PackagePlugin

/// Compiles files that live outside a target (the top-level `Migrations/` and
/// `OpenAPI/ftz.yaml`) into it as string constants, so the binary carries them and
/// cannot drift from the repository. The target lists package-relative paths, files or
/// folders, one per line, in `embed.txt`.
@main
struct EmbedFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let manifest = target.directoryURL.appending(path: "embed.txt")
        let root = context.package.directoryURL
        var files: [String] = []
        let listed = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        for path in listed {
            let url = root.appending(path: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(atPath: url.path)
                while let name = enumerator?.nextObject() as? String {
                    var childIsDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: url.appending(path: name).path, isDirectory: &childIsDirectory),
                       !childIsDirectory.boolValue {
                        files.append("\(path)/\(name)")
                    }
                }
            } else {
                files.append(path)
            }
        }
        files.sort()
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) files into \(target.name)",
            executable: try context.tool(named: "EmbedTool").url,
            arguments: [output.path, root.path] + files,
            inputFiles: [manifest] + files.map { root.appending(path: $0) },
            outputFiles: [output]
        )]
    }
}
