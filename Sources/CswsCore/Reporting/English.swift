/// Counts as English reads them: `1 customer`, `2 customers`.
public enum English {
    public static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
