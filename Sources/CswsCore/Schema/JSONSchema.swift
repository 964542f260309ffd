import Foundation

/// A JSON Schema (draft 2020-12) compiled once and then used to validate many documents, from any
/// number of threads at once.
///
/// `validate` first answers "valid?" on a fast path that builds nothing; only a document that fails is
/// walked again to produce `SchemaViolation`s worded for the person who edits it.
public final class JSONSchema: Sendable {
    private let table: CompiledSchemaTable
    private let evaluator: SchemaEvaluator

    /// Compiles `root`. With `assertFormats` (the default, as csws needs) the `date`, `date-time` and
    /// `email` formats are checked; without it every `format` is an annotation only.
    public init(_ root: DocumentNode, assertFormats: Bool = true) throws {
        table = try SchemaCompiler.compile(root, assertFormats: assertFormats)
        evaluator = SchemaEvaluator(nodes: table.nodes, usesDynamicScope: table.usesDynamicScope)
    }

    /// Compiles a schema given as JSON text.
    public convenience init(jsonData: Data, assertFormats: Bool = true) throws {
        try self.init(JSONDocumentParser.parse(jsonData), assertFormats: assertFormats)
    }

    /// Whether `instance` is valid, without working out why not.
    public func isValid(_ instance: DocumentNode) -> Bool {
        var state = EvaluationState()
        return evaluator.isValid(table.root, instance, &state)
    }

    /// Every way `instance` breaks the schema (deduplicated, in document order of discovery); empty when
    /// it is valid.
    public func validate(_ instance: DocumentNode) -> [SchemaViolation] {
        if isValid(instance) { return [] }
        var collector = SchemaViolationCollector(evaluator: evaluator)
        let violations = collector.violations(of: table.root, in: instance)
        var seen: Set<SchemaViolation> = []
        return violations.filter { seen.insert($0).inserted }
    }
}
