import Foundation

/// Safe, formatting-preserving edits of a customer's plan.yaml (`csws done`, `csws apply`).
public struct PlanEditor {
    public enum EditError: Error, CustomStringConvertible {
        case unreadable(String)
        case noSuchMilestone(String, known: [String])
        case unsupportedLayout(String)

        public var description: String {
            switch self {
            case .unreadable(let reason): return reason
            case .noSuchMilestone(let id, _): return "no milestone `\(id)` in the plan"
            case .unsupportedLayout(let reason): return reason
            }
        }
    }

    public let path: String
    private let original: String
    private let hasBOM: Bool
    private let document: DocumentNode

    public init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw EditError.unreadable("cannot read \(path)")
        }
        self.hasBOM = data.starts(with: TextPrecheck.byteOrderMark)
        let loaded = DocumentLoader.load(text: text)
        guard let document = loaded.document, !loaded.findings.contains(where: { $0.severity == .error }) else {
            throw EditError.unreadable("the plan has errors; fix them first (`csws check`), so no edit of yours is lost")
        }
        self.original = text
        self.document = document
    }

    public var milestoneIDs: [String] { (document["milestones"]?.elements ?? []).compactMap { $0["id"]?.string } }

    public var milestoneSources: Set<String> {
        Set((document["milestones"]?.elements ?? []).compactMap { $0["source"]?.string })
    }

    /// The plan text with milestone `id` marked done on `date`; nil when it already is.
    public func markingDone(_ id: String, on date: CalendarDate) throws -> String? {
        guard let milestone = (document["milestones"]?.elements ?? []).first(where: { $0["id"]?.string == id }) else {
            throw EditError.noSuchMilestone(id, known: milestoneIDs)
        }
        if milestone["status"]?.string == "done", milestone["done"]?.date == date { return nil }
        var editor = YAMLTextEditor(text: original, hasBOM: hasBOM)
        let isFlow = editor.line(milestone.location.line).unicodeScalars
            .dropFirst(milestone.location.column - 1).first == "{"
        // Edit from the bottom of the file up so earlier locations stay valid.
        var edits: [(SourceLocation, Int, String)] = []
        if let status = milestone.member("status") {
            edits.append((status.value.location, status.value.width, "done"))
        }
        if let done = milestone["done"] {
            edits.append((done.location, done.width, date.description))
        }
        for (location, width, text) in edits.sorted(by: { $0.0 > $1.0 }) {
            editor.replace(at: location, width: width, with: text)
        }
        if milestone["done"] == nil {
            guard let status = milestone.member("status") else {
                throw EditError.unsupportedLayout("milestone \(id) has no `status`; add `status: done` and `done: \(date)` by hand")
            }
            if isFlow {
                // `{id: M1, status: planned}` → `{id: M1, status: done, done: 2026-11-23}`
                let line = status.value.location.line
                editor.replace(
                    at: SourceLocation(line: line, column: status.value.location.column + "done".unicodeScalars.count),
                    width: 0, with: ", done: \(date)")
            } else {
                let indent = String(repeating: " ", count: status.keyLocation.column - 1)
                editor.insert(["\(indent)done: \(date)"], before: status.keyLocation.line + 1)
            }
        }
        return try verified(editor.text) { plan in
            plan["milestones"]?.elements?.first { $0["id"]?.string == id }.map {
                $0["status"]?.string == "done" && $0["done"]?.date == date
            } ?? false
        }
    }

    public struct NewMilestone {
        public var id: String
        public var title: String
        public var phase: String
        public var owner: String
        public var due: CalendarDate
        public var source: String
        /// The onboarding row that marks time to first value.
        public var firstValue = false

        public init(id: String, title: String, phase: String, owner: String, due: CalendarDate, source: String) {
            self.id = id
            self.title = title
            self.phase = phase
            self.owner = owner
            self.due = due
            self.source = source
        }
    }

    /// The plan text with `milestones` appended to its milestone list.
    public func appending(_ milestones: [NewMilestone]) throws -> String {
        guard !milestones.isEmpty else { return original }
        var editor = YAMLTextEditor(text: original, hasBOM: hasBOM)
        func block(indent: Int) -> [String] {
            let pad = String(repeating: " ", count: indent)
            return milestones.flatMap { milestone in
                [
                    "\(pad)- id: \(YAMLText.scalar(milestone.id))",
                    "\(pad)  title: \(YAMLText.scalar(milestone.title))",
                    "\(pad)  phase: \(milestone.phase)",
                    "\(pad)  owner: \(YAMLText.scalar(milestone.owner))",
                    "\(pad)  due: \(milestone.due)",
                    "\(pad)  status: planned",
                ] + (milestone.firstValue ? ["\(pad)  first_value: true"] : []) + [
                    "\(pad)  source: \(YAMLText.scalar(milestone.source))",
                ]
            }
        }
        if let member = document.member("milestones") {
            let keyIndent = member.keyLocation.column - 1
            if let elements = member.value.elements, let first = elements.first {
                let firstLine = editor.line(first.location.line)
                guard let dash = firstLine.firstIndex(of: "-"),
                    firstLine[firstLine.startIndex..<dash].allSatisfy({ $0 == " " })
                else {
                    throw EditError.unsupportedLayout("the milestone list is written in flow style (`[…]`); add the milestones by hand")
                }
                let dashIndent = firstLine.distance(from: firstLine.startIndex, to: dash)
                let last = editor.lastLineOfBlock(startingAt: member.keyLocation.line, parentIndent: keyIndent)
                editor.insert(block(indent: dashIndent), before: last + 1)
            } else if member.value.elements != nil || member.value.isNull {
                // `milestones: []` or `milestones:` with nothing under it.
                let line = member.keyLocation.line
                let text = editor.line(line)
                let keyEnd = text.range(of: "milestones:")!.upperBound
                let rest = text[keyEnd...]
                let comment = rest.range(of: "#").map { " " + rest[$0.lowerBound...] } ?? ""
                editor.replace(
                    at: SourceLocation(line: line, column: text.distance(from: text.startIndex, to: keyEnd).advanced(by: 1)),
                    width: rest.unicodeScalars.count, with: comment)
                editor.insert(block(indent: keyIndent + 2), before: line + 1)
            } else {
                throw EditError.unsupportedLayout("`milestones` is not a list")
            }
        } else {
            editor.insert(["milestones:"] + block(indent: 2), before: editor.lines.count + 1)
        }
        let expected = milestoneIDs.count + milestones.count
        return try verified(editor.text) { plan in (plan["milestones"]?.elements?.count ?? 0) == expected }
    }

    /// Re-reads the edited text: it must load cleanly, pass `check`, and add no schema problem
    /// the plan did not already have; otherwise nothing is written.
    private func verified(_ text: String, _ check: (DocumentNode) -> Bool) throws -> String {
        let loaded = DocumentLoader.load(text: text)
        guard let plan = loaded.document, !loaded.findings.contains(where: { $0.severity == .error }), check(plan),
            SchemaCatalog.shared.validate(plan, as: .plan).count <= SchemaCatalog.shared.validate(document, as: .plan).count
        else {
            throw EditError.unsupportedLayout("csws could not edit this plan's layout safely; nothing was changed")
        }
        return text
    }

    /// Writes `text` over the plan atomically (a crash leaves the old or the new file, never half).
    public func write(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
