import Testing

@testable import CswsCore

/// Issue #11's small things: display width, hints by meaning, counts in English.
@Suite("Display width, hints by meaning, plurals")
struct PolishTests {
    @Test("terminal columns", arguments: [
        ("globex", 6), ("Müller Straßenbau GmbH", 22), ("株式会社", 8), ("e\u{301}", 1), ("👍", 2), ("1️⃣", 2), ("한국", 4), ("", 0),
    ])
    func width(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test("a table with wide characters keeps every column after them aligned")
    func alignment() {
        let table = TextTable.render(
            header: ["ID", "NAME", "ARR"],
            rows: [["mueller", "Müller Straßenbau GmbH 株式会社", "100"], ["acme", "Acme", "20"], ["emoji", "Cafe 👍", "3"]],
            rightAligned: [2])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(Set(lines.map(DisplayWidth.of)).count == 1, "every line is as wide as the header:\n\(table)")
        #expect(lines[1].hasSuffix("  100") && lines[2].hasSuffix("   20"))
    }

    @Test("hints understand what people type", arguments: [
        ("finishd", "done"), ("finished", "done"), ("completed", "done"), ("closed", "done"),
        ("in progress", "in-progress"), ("wip", "in-progress"), ("started", "in-progress"),
        ("cancelled", "dropped"), ("canceled", "dropped"), ("on hold", "blocked"), ("stuck", "blocked"),
        ("plannd", "planned"),
    ])
    func milestoneStatus(typed: String, meant: String) {
        #expect(SchemaSuggestions.nearest(to: typed, among: ["planned", "in-progress", "done", "blocked", "dropped"]) == meant)
    }

    @Test("hints for severity and feedback status", arguments: [
        ("urgent", ["low", "medium", "high", "critical"], "critical"), ("minor", ["low", "medium", "high", "critical"], "low"),
        ("rejected", ["new", "acknowledged", "planned", "shipped", "declined"], "declined"),
        ("released", ["new", "acknowledged", "planned", "shipped", "declined"], "shipped"),
        ("cancelled", ["onboarding", "active", "churned"], "churned"),
    ])
    func otherEnums(typed: String, candidates: [String], meant: String) {
        #expect(SchemaSuggestions.nearest(to: typed, among: candidates) == meant)
    }

    @Test("no hint for a word that means nothing here")
    func noHint() {
        #expect(SchemaSuggestions.nearest(to: "banana", among: ["planned", "in-progress", "done", "blocked", "dropped"]) == nil)
    }

    @Test("counts read as English", arguments: [(0, "0 customers"), (1, "1 customer"), (2, "2 customers")])
    func plural(count: Int, text: String) {
        #expect(English.count(count, "customer") == text)
    }
}
