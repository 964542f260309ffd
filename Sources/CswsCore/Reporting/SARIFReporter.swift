/// `csws check --format sarif`: SARIF 2.1.0 for code-scanning dashboards.
public enum SARIFReporter {
    public static let toolVersion = "0.1.0"

    public static func render(_ result: CheckResult) -> String {
        let ruleIDs = Array(Set(result.diagnostics.map(\.rule))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let rules = ruleIDs.map { id -> JSONValue in
            .object([
                ("id", .string(id)),
                ("shortDescription", .object([("text", .string(RuleCatalog.description(of: id)))])),
            ])
        }
        let results = result.diagnostics.map { diagnostic -> JSONValue in
            var text = diagnostic.message
            if let hint = diagnostic.hint { text += " (hint: \(hint))" }
            return .object([
                ("ruleId", .string(diagnostic.rule)),
                ("ruleIndex", .int(ruleIndex[diagnostic.rule] ?? 0)),
                ("level", .string(level(diagnostic.severity))),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([
                    .object([
                        ("physicalLocation", .object([
                            ("artifactLocation", .object([
                                ("uri", .string(uriEncoded(diagnostic.file))),
                                ("uriBaseId", .string("%SRCROOT%")),
                            ])),
                            ("region", .object([
                                ("startLine", .int(diagnostic.location.line)),
                                ("startColumn", .int(diagnostic.location.column)),
                            ])),
                        ])),
                    ]),
                ])),
            ])
        }
        let document = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([
                .object([
                    ("tool", .object([
                        ("driver", .object([
                            ("name", .string("csws")),
                            ("version", .string(toolVersion)),
                            ("rules", .array(rules)),
                        ])),
                    ])),
                    ("results", .array(results)),
                ]),
            ])),
        ])
        return document.serialized + "\n"
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// SARIF artifact URIs are URI references: percent-encode what is not a safe path character.
    private static func uriEncoded(_ path: String) -> String {
        var output = ""
        for byte in path.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80, character.isLetter || character.isNumber || "-._~/".contains(character) {
                output.append(character)
            } else {
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
