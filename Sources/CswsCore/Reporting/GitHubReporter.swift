/// `csws check --format github`: GitHub Actions workflow commands, so findings annotate the pull
/// request's changed lines.
public enum GitHubReporter {
    public static func render(_ result: CheckResult) -> String {
        var output = ""
        for diagnostic in result.diagnostics {
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info: command = "notice"
            }
            let properties = [
                "file=" + escapeProperty(diagnostic.file),
                "line=\(diagnostic.location.line)",
                "col=\(diagnostic.location.column)",
                "title=" + escapeProperty(diagnostic.rule),
            ].joined(separator: ",")
            var message = diagnostic.message
            if let hint = diagnostic.hint { message += "\nhint: " + hint }
            output += "::\(command) \(properties)::\(escapeData(message))\n"
        }
        output += DiagnosticSummary.line(for: result) + "\n"
        return output
    }

    /// Message text: `%`, CR and LF must be percent-encoded.
    static func escapeData(_ text: String) -> String {
        escape(text, extra: [])
    }

    /// Property values additionally encode `:` and `,`, which delimit properties.
    static func escapeProperty(_ text: String) -> String {
        escape(text, extra: [":", ","])
    }

    private static func escape(_ text: String, extra: Set<Unicode.Scalar>) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            case ":" where extra.contains(scalar): output += "%3A"
            case "," where extra.contains(scalar): output += "%2C"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
