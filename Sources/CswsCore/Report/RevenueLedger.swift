/// One entry of an account's `revenue` list.
public struct RevenueEvent: Sendable {
    public enum Kind: String, Sendable {
        case new, expansion, contraction, churn, renewal
    }

    public var date: CalendarDate
    public var kind: Kind
    public var amount: Rational

    public init(date: CalendarDate, kind: Kind, amount: Rational) {
        self.date = date
        self.kind = kind
        self.amount = amount
    }

    /// The change of ARR the event caused: new and expansion add, contraction and churn remove,
    /// a renewal keeps ARR as it was.
    public var signedAmount: Rational {
        switch kind {
        case .new, .expansion: return amount
        case .contraction, .churn: return -amount
        case .renewal: return 0
        }
    }

    /// The readable entries of an account's `revenue` list (a malformed entry is `csws check`'s
    /// business, not the report's).
    public static func events(of account: DocumentNode?) -> [RevenueEvent] {
        (account?["revenue"]?.elements ?? []).compactMap { entry in
            guard let date = entry["date"]?.date, let kind = entry["kind"]?.string.flatMap(Kind.init(rawValue:)),
                let amount = Rational(entry["amount"])
            else { return nil }
            return RevenueEvent(date: date, kind: kind, amount: amount)
        }
    }
}

/// One customer's ARR over time, read backwards from its current ARR through its revenue events
/// (SPEC §10.5 Revenue and History).
public struct RevenueLedger: Sendable {
    public var customer: String
    /// `arr`, or 0 when the customer has churned.
    public var current: Rational
    /// Events dated on or before as-of (later ones are ignored).
    public var events: [RevenueEvent]
    public var asOf: CalendarDate

    public init(customer: String, arr: Rational?, churned: Bool, events: [RevenueEvent], asOf: CalendarDate) {
        self.customer = customer
        current = churned ? 0 : arr ?? 0
        self.events = events.filter { $0.date <= asOf }
        self.asOf = asOf
    }

    /// ARR at the end of `date`: the current ARR less every change dated after it.
    public func arr(at date: CalendarDate) -> Rational {
        events.filter { $0.date > date }.reduce(current) { $0 - $1.signedAmount }
    }

    /// The trailing twelve months: (as-of − 365, as-of].
    public static func periodStart(asOf: CalendarDate) -> CalendarDate { asOf.adding(days: -365) }

    /// ARR at the start of the period; below 0 when the events do not add up to the ARR.
    public var startARR: Rational { arr(at: Self.periodStart(asOf: asOf)) }

    public var addsUp: Bool { startARR >= 0 }

    func eventsInPeriod(_ kinds: Set<RevenueEvent.Kind>) -> Rational {
        let start = Self.periodStart(asOf: asOf)
        return events.filter { $0.date > start && kinds.contains($0.kind) }.reduce(Rational.zero) { $0 + $1.amount }
    }

    /// NRR, GRR and their parts over the customers' ledgers (SPEC §10.5).
    public static func summarize(_ ledgers: [RevenueLedger], asOf: CalendarDate) -> PortfolioReport.Revenue {
        var revenue = PortfolioReport.Revenue(
            from: periodStart(asOf: asOf).adding(days: 1), to: asOf, startARR: 0, expansion: 0, contraction: 0,
            churn: 0, newARR: 0, nrr: nil, grr: nil, excluded: [])
        for ledger in ledgers {
            let start = ledger.startARR
            if start < 0 {
                revenue.excluded.append(ledger.customer)
            } else if start > 0 {
                revenue.startARR += start
                revenue.expansion += ledger.eventsInPeriod([.expansion, .new])
                revenue.contraction += ledger.eventsInPeriod([.contraction])
                revenue.churn += ledger.eventsInPeriod([.churn])
            } else {
                // Not a customer we had a year ago: only its new business counts, as new ARR.
                revenue.newARR += ledger.eventsInPeriod([.new])
            }
        }
        revenue.excluded.sort()
        if revenue.startARR > 0 {
            let start = revenue.startARR
            revenue.nrr = ((start + revenue.expansion - revenue.contraction - revenue.churn) / start * 100).rounded(places: 1)
            revenue.grr = ((start - revenue.contraction - revenue.churn) / start * 100).rounded(places: 1)
        }
        return revenue
    }
}
