import Foundation
import Testing

/// Debian's Chromium, which `make test` installs.
enum Chromium {
    static let path = "/usr/bin/chromium"
}

/// The HTML dashboard in a real browser: Debian's Chromium, headless, driven over the DevTools
/// protocol by Scripts/dashboard_check.py (standard library only). `make test` installs chromium;
/// on CI a missing browser fails the suite instead of skipping it.
@Suite("csws report --format html in Chromium", .serialized,
       .enabled(if: FileManager.default.isExecutableFile(atPath: Chromium.path)
                    || ProcessInfo.processInfo.environment["CI"] != nil,
                "chromium is installed by make test"))
struct DashboardBrowserTests {
    struct Viewport: Sendable, CustomStringConvertible {
        var width: Int
        var height: Int
        var mobile: Bool
        var description: String { "\(width)×\(height)\(mobile ? " phone" : "")" }
    }

    static let viewports = [Viewport(width: 1280, height: 900, mobile: false), Viewport(width: 390, height: 844, mobile: true)]

    /// Renders the report fixture's dashboard and loads it in Chromium; the harness's JSON verdict.
    static func check(_ viewport: Viewport, sortTable: String = "#customers-table", sortColumn: Int = 4) throws -> [String: Any] {
        try ReportCommandTests.withReportWorkspace { box in
            let written = try box.csws("report", "--format", "html", "-o", box.path("dashboard.html"), in: "ws")
            #expect(written.status == 0, "\(written)")
            var arguments = [CLI.testsFolder + "/Scripts/dashboard_check.py", "--chromium", Chromium.path,
                             "--html", box.path("dashboard.html"), "--width", String(viewport.width),
                             "--height", String(viewport.height), "--sort-table", sortTable, "--sort-column", String(sortColumn),
                             "--timeout", "90"]
            if viewport.mobile { arguments.append("--mobile") }
            let checked = try Tool.run(["python3"] + arguments)
            try #require(checked.status == 0, "dashboard_check failed: \(checked.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any])
        }
    }

    @Test("no console error, no request, every chart drawn, sortable, escaped", arguments: viewports)
    func dashboard(viewport: Viewport) throws {
        let result = try Self.check(viewport)
        #expect((result["console_errors"] as? [String]) == [], "\(result["console_errors"] ?? "")")
        #expect((result["requests"] as? [String]) == [], "the page asked the network for \(result["requests"] ?? "")")
        #expect((result["dialogs"] as? [String]) == [], "a script from the workspace ran: \(result["dialogs"] ?? "")")
        #expect(result["scripts_in_body"] as? Int == 0)

        let charts = try #require(result["charts"] as? [[String: Any]])
        #expect(charts.compactMap { $0["title"] as? String } == [
            "ARR by risk tier", "Renewals in the next 120 days", "Risk against ARR", "ARR by risk tier at each month-end",
        ])
        for chart in charts {
            #expect((chart["width"] as? Double ?? 0) > 100 && (chart["height"] as? Double ?? 0) > 50, "\(chart)")
        }

        // The customer named `<script>alert(1)</script> & "Fresh" | Start` shows as that text.
        let text = try #require(result["text"] as? String)
        #expect(text.contains("<script>alert(1)</script> & \"Fresh\" | Start"))

        // No sideways scrolling of the page itself on a phone: wide tables scroll in their own box.
        let width = try #require(result["document_scroll_width"] as? Int)
        let viewportWidth = try #require(result["viewport_width"] as? Int)
        #expect(width <= viewportWidth, "the page is \(width) px wide in a \(viewportWidth) px viewport")

        // A real click on the ARR header sorts by the exact number, a second click reverses.
        let sort = try #require(result["sort"] as? [String: Any])
        #expect(sort["column_header"] as? String == "ARR")
        let before = try #require(sort["before"] as? [String])
        let ascending = try #require(sort["after_first_click"] as? [String])
        let descending = try #require(sort["after_second_click"] as? [String])
        func amount(_ text: String) -> Double { Double(text.replacingOccurrences(of: ",", with: "")) ?? -1 }
        #expect(ascending.map(amount) == before.map(amount).sorted())
        #expect(descending.map(amount) == before.map(amount).sorted(by: >))
        #expect(ascending != before)
    }

    @Test("the tier column sorts by severity, not alphabetically")
    func tierSort() throws {
        let result = try Self.check(Self.viewports[0], sortTable: "#customers-table", sortColumn: 6)
        let sort = try #require(result["sort"] as? [String: Any])
        let order = ["low", "medium", "high", "critical", "unscored"]
        let ascending = try #require(sort["after_first_click"] as? [String])
        #expect(ascending.map { order.firstIndex(of: $0) ?? -1 } == ascending.map { order.firstIndex(of: $0) ?? -1 }.sorted())
        #expect(Set(ascending).count > 2)
    }
}
