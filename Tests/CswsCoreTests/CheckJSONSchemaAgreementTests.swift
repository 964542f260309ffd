import Foundation
import Testing

@testable import CswsCore

/// Our validator must agree with an implementation we did not write: check-jsonschema (Python,
/// installed from PyPI by `make test`, path in CHECK_JSONSCHEMA) judges the same files against the
/// same schemas. The corpus is the template, the demo customers, and mutants of each (an unknown
/// key, an impossible date, a date-time in a date field, a number turned into text, a removed
/// first key).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CHECK_JSONSCHEMA"] != nil,
                "set CHECK_JSONSCHEMA to a check-jsonschema executable (make test does)"))
struct CheckJSONSchemaAgreementTests {
    struct CorpusFile {
        var path: String
        var kind: FileKind
    }

    static func mutants(of text: String) -> [(name: String, text: String)] {
        var lines = text.components(separatedBy: "\n")
        var result: [(String, String)] = []
        result.append(("unknown-key", text + (text.hasSuffix("\n") ? "" : "\n") + "zz_not_a_field: 1\n"))
        if let index = lines.firstIndex(where: { $0.range(of: #"^[a-z_]+: 20\d\d-\d\d-\d\d$"#, options: .regularExpression) != nil }) {
            var copy = lines
            copy[index] = copy[index].replacingOccurrences(
                of: #"20\d\d-\d\d-\d\d"#, with: "2026-02-30", options: .regularExpression)
            result.append(("impossible-date", copy.joined(separator: "\n")))
            copy = lines
            copy[index] += "T10:00:00+01:00"
            result.append(("datetime-in-date", copy.joined(separator: "\n")))
        }
        if let index = lines.firstIndex(where: { $0.range(of: #"^ *[a-z_0-9]+: -?\d+$"#, options: .regularExpression) != nil }) {
            var copy = lines
            copy[index] = copy[index].replacingOccurrences(of: #"-?\d+$"#, with: "\"twelve\"", options: .regularExpression)
            result.append(("number-as-text", copy.joined(separator: "\n")))
        }
        if let index = lines.firstIndex(where: { $0.range(of: #"^[a-z_]+: \S"#, options: .regularExpression) != nil }) {
            lines.remove(at: index)
            result.append(("first-key-removed", lines.joined(separator: "\n")))
        }
        return result
    }

    @Test func verdictsAgreeWithCheckJSONSchema() throws {
        let executable = try #require(ProcessInfo.processInfo.environment["CHECK_JSONSCHEMA"])
        let projectRoot = EmbeddedResourcesTests.projectRoot
        try withTemporaryFolder { root in
            try WorkspaceTemplate.write(to: root, name: "Agreement")
            try FileManager.default.copyItem(
                atPath: projectRoot + "/scripts/demo-data/customers", toPath: root + "/customers")
            let originals = WorkspaceLoader.load(Workspace(root: root))
            var corpus: [CorpusFile] = []
            let files = [originals.settingsFile].compactMap { $0 } + originals.playbooks
                + originals.customers.flatMap(\.all)
            let mutantFolder = root + "/mutants"
            try FileManager.default.createDirectory(atPath: mutantFolder, withIntermediateDirectories: true)
            for (index, file) in files.enumerated() {
                corpus.append(CorpusFile(path: file.file.readPath, kind: file.file.kind))
                let text = try String(contentsOfFile: file.file.readPath, encoding: .utf8)
                for mutant in Self.mutants(of: text) {
                    let path = "\(mutantFolder)/\(index)-\(mutant.name)-\(file.file.kind.rawValue).yaml"
                    try mutant.text.write(toFile: path, atomically: true, encoding: .utf8)
                    corpus.append(CorpusFile(path: path, kind: file.file.kind))
                }
            }
            #expect(corpus.count > 150)

            var disagreements: [String] = []
            var invalidCount = 0
            for kind in FileKind.allCases {
                let group = corpus.filter { $0.kind == kind }
                guard !group.isEmpty else { continue }
                let theirs = try Self.checkJSONSchemaFailures(
                    executable: executable, schema: projectRoot + "/schemas/" + kind.schemaFileName,
                    files: group.map(\.path))
                for file in group {
                    let loaded = DocumentLoader.load(path: file.path)
                    let ours = !loaded.findings.isEmpty
                        || loaded.document.map { !SchemaCatalog.shared.validate($0, as: kind).isEmpty } ?? true
                    if ours { invalidCount += 1 }
                    if ours != theirs.contains(file.path) {
                        disagreements.append("\(file.path): csws says \(ours ? "invalid" : "valid"), check-jsonschema says \(theirs.contains(file.path) ? "invalid" : "valid")")
                    }
                }
            }
            print("check-jsonschema agreement: \(corpus.count) files, \(invalidCount) invalid, \(disagreements.count) disagreements")
            #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
            #expect(invalidCount > 100, "the mutants must actually be invalid")
        }
    }

    /// The files check-jsonschema rejects (schema errors or parse errors).
    static func checkJSONSchemaFailures(executable: String, schema: String, files: [String]) throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-o", "json", "--schemafile", schema] + files
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var failed = Set<String>()
        for key in ["errors", "parse_errors"] {
            for entry in report[key] as? [[String: Any]] ?? [] {
                if let name = entry["filename"] as? String { failed.insert(name) }
            }
        }
        return failed
    }
}
