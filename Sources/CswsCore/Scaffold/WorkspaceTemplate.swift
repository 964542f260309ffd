import Foundation

/// Writes a new workspace from the template compiled into csws (`workspace-template/`) and the JSON
/// Schemas editors use (`.csws/schemas/`).
public enum WorkspaceTemplate {
    public static let schemaFolder = ".csws/schemas"

    /// Writes the template into `root` (which must exist), naming the workspace `name`.
    public static func write(to root: String, name: String) throws {
        for file in EmbeddedTemplate.files {
            var text = file.text
            if file.path == Workspace.settingsFileName {
                text = text.replacingOccurrences(
                    of: "workspace: My CS team", with: "workspace: " + YAMLText.scalar(name))
            }
            try writeFile(text, to: root + "/" + file.path)
        }
        try writeSchemas(to: root)
    }

    /// (Re)writes `.csws/schemas/*.schema.json`, so editors validate against this csws's schemas.
    public static func writeSchemas(to root: String) throws {
        for kind in FileKind.allCases {
            guard let text = SchemaCatalog.text(of: kind) else { continue }
            try writeFile(text, to: root + "/" + schemaFolder + "/" + kind.schemaFileName)
        }
    }

    static func writeFile(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The modeline that makes YAML-language-server editors validate a file against its schema.
    /// `depth` is how many folders below the workspace root the file is.
    public static func modeline(for kind: FileKind, depth: Int) -> String {
        let up = String(repeating: "../", count: depth)
        return "# yaml-language-server: $schema=\(up)\(schemaFolder)/\(kind.schemaFileName)"
    }
}
