/// csws.yaml `rules` (SPEC §10.1), with the defaults for missing keys.
public struct RuleThresholds: Sendable {
    public var overdueErrorDays = 14
    public var firstValueDays = 30
    public var onboardingGateDays = 90
    public var renewalWindowsDays = [120, 90, 60, 30]
    public var signalsStaleDays = 30
    public var vocRespondUrgentDays = 2
    public var vocRespondDays = 7
    public var vocCloseLoopDays = 30

    public init(rules: DocumentNode?) {
        guard let rules else { return }
        overdueErrorDays = rules["overdue_error_days"]?.integer ?? overdueErrorDays
        firstValueDays = rules["first_value_days"]?.integer ?? firstValueDays
        onboardingGateDays = rules["onboarding_gate_days"]?.integer ?? onboardingGateDays
        if let windows = rules["renewal_windows_days"]?.elements?.compactMap(\.integer), !windows.isEmpty {
            renewalWindowsDays = windows.sorted(by: >)
        }
        signalsStaleDays = rules["signals_stale_days"]?.integer ?? signalsStaleDays
        vocRespondUrgentDays = rules["voc_respond_urgent_days"]?.integer ?? vocRespondUrgentDays
        vocRespondDays = rules["voc_respond_days"]?.integer ?? vocRespondDays
        vocCloseLoopDays = rules["voc_close_loop_days"]?.integer ?? vocCloseLoopDays
    }
}
