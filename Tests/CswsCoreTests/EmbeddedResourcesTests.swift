import Foundation
import Testing

@testable import CswsCore

/// The schemas and template compiled into the binary must be exactly the files in `schemas/` and
/// `workspace-template/` (the single source of truth), and must agree with each other.
@Suite struct EmbeddedResourcesTests {
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func files(under folder: String) -> [String: String] {
        let base = projectRoot + "/" + folder
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: base)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory)
            if !isDirectory.boolValue, let text = try? String(contentsOfFile: base + "/" + relative, encoding: .utf8) {
                result[relative] = text
            }
        }
        return result
    }

    @Test func embeddedSchemasMatchTheSchemasFolder() {
        let onDisk = Self.files(under: "schemas").filter { $0.key.hasSuffix(".schema.json") }
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedSchemas.files.map { ($0.path, $0.text) })
        #expect(Set(onDisk.keys) == Set(embedded.keys), "run `make embed`")
        for (path, text) in onDisk {
            #expect(embedded[path] == text, "\(path) is stale in EmbeddedSchemas.swift: run `make embed`")
        }
    }

    @Test func embeddedTemplateMatchesTheTemplateFolder() {
        let onDisk = Self.files(under: "workspace-template")
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedTemplate.files.map { ($0.path, $0.text) })
        #expect(Set(onDisk.keys) == Set(embedded.keys), "run `make embed`")
        for (path, text) in onDisk {
            #expect(embedded[path] == text, "\(path) is stale in EmbeddedTemplate.swift: run `make embed`")
        }
    }

    @Test(arguments: FileKind.allCases)
    func everyKindHasACompiledSchema(kind: FileKind) throws {
        #expect(SchemaCatalog.text(of: kind) != nil)
        #expect(SchemaCatalog.shared.schema(for: kind) != nil, "\(kind.schemaFileName) failed to compile")
    }

    /// A fresh workspace plus the demo customers is valid: no errors, and every YAML file csws or
    /// the template writes starts with the modeline naming its schema.
    @Test func templateAndDemoDataAreValid() throws {
        try withTemporaryFolder { root in
            try WorkspaceTemplate.write(to: root, name: "Test team")
            let demo = Self.projectRoot + "/scripts/demo-data/customers"
            try FileManager.default.copyItem(atPath: demo, toPath: root + "/customers")
            let result = Checker.check(Workspace(root: root), request: CheckRequest(asOf: testAsOf))
            // Valid files: the time rules may flag overdue work (the demo has an at-risk customer),
            // but nothing about the files themselves.
            let invalid = result.diagnostics.filter { RuleCatalog.isValidityRule($0.rule) }
            #expect(invalid.isEmpty, "\(invalid.map { "\($0.file):\($0.location.line): \($0.message) [\($0.rule)]" })")
            #expect(result.customerCount == 3)

            let loaded = WorkspaceLoader.load(Workspace(root: root))
            let files = [loaded.settingsFile].compactMap { $0 } + loaded.playbooks + loaded.customers.flatMap(\.all)
            for file in files {
                let depth = file.file.relativePath.split(separator: "/").count - 1
                let firstLine = try String(contentsOfFile: file.file.readPath, encoding: .utf8)
                    .split(separator: "\n", maxSplits: 1).first.map(String.init)
                #expect(
                    firstLine == WorkspaceTemplate.modeline(for: file.file.kind, depth: depth),
                    "\(file.file.relativePath) does not start with its schema modeline")
            }
        }
    }

    @Test func schemaFilesForEditorsAreWrittenByInit() throws {
        try withTemporaryFolder { root in
            try WorkspaceTemplate.write(to: root, name: "Test team")
            for kind in FileKind.allCases {
                let written = try String(
                    contentsOfFile: root + "/.csws/schemas/" + kind.schemaFileName, encoding: .utf8)
                #expect(written == SchemaCatalog.text(of: kind))
            }
            let settings = try String(contentsOfFile: root + "/csws.yaml", encoding: .utf8)
            #expect(settings.contains("workspace: Test team"))
        }
    }
}
