import Foundation

/// The JSON Schemas compiled into csws (from the project's `schemas/` folder), one per file kind.
public final class SchemaCatalog: Sendable {
    /// Compiled once per process; validation is thread-safe.
    public static let shared = SchemaCatalog()

    private let compiled: [FileKind: JSONSchema]

    private init() {
        var compiled: [FileKind: JSONSchema] = [:]
        for kind in FileKind.allCases {
            guard let text = Self.text(of: kind) else { continue }
            // The embedded schemas are tested; a broken one is a build defect, not user input.
            compiled[kind] = try? JSONSchema(jsonData: Data(text.utf8))
        }
        self.compiled = compiled
    }

    public func schema(for kind: FileKind) -> JSONSchema? { compiled[kind] }

    /// The schema's JSON text, as shipped.
    public static func text(of kind: FileKind) -> String? {
        EmbeddedSchemas.files.first { $0.path == kind.schemaFileName }?.text
    }

    /// Schema violations of `document` as findings located in its file.
    public func validate(_ document: DocumentNode, as kind: FileKind) -> [Finding] {
        guard let schema = compiled[kind] else { return [] }
        return schema.validate(document).map { Self.finding(for: $0, in: document) }
    }

    static func finding(for violation: SchemaViolation, in document: DocumentNode) -> Finding {
        var finding = Finding(rule: violation.rule, message: violation.message, hint: violation.hint)
        switch violation.target {
        case .value:
            if let node = document.node(at: violation.path), node.isNull, case .key(let key)? = violation.path.last,
                let member = document.node(at: Array(violation.path.dropLast()))?.member(key)
            {
                // An empty value has no text of its own: point at its key.
                finding.location = member.keyLocation
                finding.width = key.count
            } else if let node = document.node(at: violation.path) {
                finding.location = node.location
                finding.width = node.width
            }
        case .key:
            let parent = document.node(at: Array(violation.path.dropLast()))
            if case .key(let key)? = violation.path.last, let member = parent?.member(key) {
                finding.location = member.keyLocation
                finding.width = key.count
            } else if let parent {
                finding.location = parent.location
            }
        case .firstKeyOfMapping:
            if let node = document.node(at: violation.path) {
                if let first = node.members?.first {
                    finding.location = first.keyLocation
                    finding.width = first.key.count
                } else {
                    finding.location = node.location
                }
            }
        }
        return finding
    }
}
