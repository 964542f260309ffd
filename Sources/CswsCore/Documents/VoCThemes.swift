/// Voice-of-the-customer themes (SPEC §7, §10.6): feedback grouped by area, tag or kind, with how
/// many items, how many customers, the ARR they carry (each customer once per group) and the open
/// loops (items without `closed`). `csws voc` and the report's VoC section both use it.
public enum VoCThemes {
    public enum Grouping: String, Sendable, CaseIterable {
        case area, tag, kind
    }

    public struct Filter: Sendable {
        /// Items dated after this day (exclusive); nil: from the start.
        public var after: CalendarDate?
        /// Items dated on or before this day.
        public var through: CalendarDate
        public var openOnly: Bool

        public init(after: CalendarDate? = nil, through: CalendarDate, openOnly: Bool = false) {
            self.after = after
            self.through = through
            self.openOnly = openOnly
        }

        func includes(_ item: CustomerRecord.Feedback) -> Bool {
            item.date <= through && (after.map { item.date > $0 } ?? true) && (!openOnly || item.closed == nil)
        }
    }

    /// One customer's feedback as the grouping reads it.
    public struct Source: Sendable {
        public var customer: String
        public var arr: Rational
        public var feedback: [CustomerRecord.Feedback]

        public init(customer: String, arr: Rational, feedback: [CustomerRecord.Feedback]) {
            self.customer = customer
            self.arr = arr
            self.feedback = feedback
        }
    }

    /// The groups an item falls in: its area, each of its tags, or its kind.
    static func keys(of item: CustomerRecord.Feedback, by grouping: Grouping) -> [String] {
        switch grouping {
        case .area: return [item.area ?? "(no area)"]
        case .kind: return [item.kind ?? "(no kind)"]
        case .tag: return item.tags.isEmpty ? ["(no tag)"] : Array(Set(item.tags)).sorted()
        }
    }

    /// Themes sorted by ARR affected, then items (both descending), then name.
    public static func group(_ sources: [Source], by grouping: Grouping, filter: Filter) -> [PortfolioReport.VoCTheme] {
        var themes: [String: PortfolioReport.VoCTheme] = [:]
        for source in sources {
            var counted: Set<String> = []
            for item in source.feedback where filter.includes(item) {
                for key in keys(of: item, by: grouping) {
                    var theme = themes[key] ?? PortfolioReport.VoCTheme(area: key, items: 0, customers: 0, arr: 0, openLoops: 0)
                    theme.items += 1
                    if item.closed == nil { theme.openLoops += 1 }
                    if counted.insert(key).inserted {
                        theme.customers += 1
                        theme.arr += source.arr
                    }
                    themes[key] = theme
                }
            }
        }
        return themes.values.sorted { ($1.arr, $1.items, $0.area) < ($0.arr, $0.items, $1.area) }
    }
}
