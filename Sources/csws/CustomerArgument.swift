import CswsCore

/// The workspace, the as-of date and the customer a document command (`qbr`, `escalate`) names;
/// each way the customer cannot be had is a usage error.
func documentCustomer(_ id: String, global: GlobalOptions) throws -> (workspace: Workspace, asOf: CalendarDate, customer: CustomerContext) {
    let workspace = try global.resolveWorkspace()
    let asOf = try global.resolveAsOf()
    let shared = WorkspaceLoader.loadShared(workspace)
    return (workspace, asOf, try loadCustomer(id, in: workspace, shared: shared, asOf: asOf))
}

private func loadCustomer(_ id: String, in workspace: Workspace, shared: SharedFiles, asOf: CalendarDate) throws -> CustomerContext {
    do {
        return try CustomerContext(id, in: workspace, shared: shared, asOf: asOf)
    } catch CustomerContext.Problem.unknown(let id, let suggestion) {
        throw Failure("no customer `\(id)`", hint: suggestion.map { "did you mean `\($0)`?" } ?? "ids are the folder names under customers/", code: .usage)
    } catch CustomerContext.Problem.churned(let id) {
        throw Failure("`\(id)` has churned", hint: "documents are for current customers; its history stays in `csws log \(id)`", code: .usage)
    } catch CustomerContext.Problem.unreadableAccount(let id) {
        throw Failure("customers/\(id)/account.yaml cannot be read", hint: "run `csws check customers/\(id)` and fix it first", code: .usage)
    }
}

/// Writes a document to `-o FILE` atomically, or to standard output; `warnings` go to stderr
/// once it is written.
func deliver(_ text: String, to output: String?, global: GlobalOptions, warnings: [String] = []) throws {
    guard let output else {
        Terminal.write(text)
        warnings.forEach { Terminal.printError("warning: \($0)") }
        return
    }
    do {
        try AtomicFileWriter.write(text, to: global.absolutePath(output))
    } catch let failure as AtomicFileWriter.Failure {
        throw Failure("\(failure)", hint: "pass `-o` a path in a folder you can write to", code: .ioError)
    }
    warnings.forEach { Terminal.printError("warning: \($0)") }
    Terminal.printError("wrote \(output)")
}
