import CYaml

/// Builds a `DocumentNode` tree straight from libyaml's event stream (the C parser Yams bundles).
///
/// Composing ourselves, instead of `Yams.load` or Yams' recursive composer, is what makes hostile
/// input safe: the stack is explicit (nesting is capped, never a stack overflow), aliases are
/// counted against a node budget before anything expands them (a "billion laughs" file is rejected
/// after a few hundred events), duplicate keys are caught with both locations, and scalars are
/// resolved with YAML 1.2's core schema without regular expressions.
struct YAMLComposer {
    static let maximumDepth = 1000
    static let nodeBudget = 200_000

    struct Result {
        var document: DocumentNode?
        var findings: [Finding]
    }

    /// A fatal problem that ends composition.
    private struct Stop: Error { var finding: Finding }

    private enum Container {
        case sequence([DocumentNode])
        case mapping([DocumentMember], pendingKey: (String, SourceLocation)?, skipValue: Bool)
    }

    private struct Frame {
        var container: Container
        var location: SourceLocation
        var anchor: String?
        /// Nodes in this subtree so far, alias expansions included.
        var size: Int
    }

    private var frames: [Frame] = []
    private var anchors: [String: (node: DocumentNode, size: Int)] = [:]
    private var totalNodes = 0
    private var usedAliases = false
    private var findings: [Finding] = []
    private var root: DocumentNode?

    static func compose(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var composer = YAMLComposer()
        return composer.run(bytes)
    }

    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Result(document: nil, findings: [Finding(rule: "yaml-syntax", message: "out of memory")])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var documents = 0
        do {
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw Stop(finding: Self.syntaxFinding(parser, bytes))
                }
                defer { yaml_event_delete(&event) }
                let type = event.type
                if type == YAML_STREAM_END_EVENT { break }
                switch type {
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        throw Stop(finding: Finding(
                            rule: "multiple-documents",
                            message: "a second YAML document starts here; a csws file holds exactly one",
                            at: Self.location(event.start_mark), width: 3,
                            hint: "delete the `---` line and what follows, or move it to a file of its own"))
                    }
                case YAML_SCALAR_EVENT:
                    try handleScalar(event)
                case YAML_ALIAS_EVENT:
                    try handleAlias(event)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    try handleContainerStart(event, isMapping: type == YAML_MAPPING_START_EVENT)
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    try handleContainerEnd(event)
                default:
                    break
                }
            }
        } catch let stop as Stop {
            return Result(document: nil, findings: findings + [stop.finding])
        } catch {
            return Result(document: nil, findings: findings)
        }
        return Result(document: root, findings: findings)
    }

    // MARK: Events

    private mutating func handleScalar(_ event: yaml_event_t) throws {
        let scalar = event.data.scalar
        let start = Self.location(event.start_mark)
        let end = Self.location(event.end_mark)
        let width = start.line == end.line ? end.column - start.column : 1
        let text = Self.string(scalar.value, Int(scalar.length))
        let tag = scalar.tag.map { String(cString: $0) }
        let value: DocumentNode.Value
        if let tag, tag != "!" {
            value = resolveTagged(text, tag: tag, at: start, width: width)
        } else if scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == nil {
            value = ScalarResolver.resolve(text)
        } else {
            value = .string(text)
        }
        let node = DocumentNode(value, at: start, width: width)
        try complete(node, size: 1, anchor: Self.optionalString(scalar.anchor), keyText: text)
    }

    private mutating func handleAlias(_ event: yaml_event_t) throws {
        let name = String(cString: event.data.alias.anchor)
        let location = Self.location(event.start_mark)
        guard let anchored = anchors[name] else {
            throw Stop(finding: Finding(rule: "yaml-syntax", message: "unknown alias `*\(name)`", at: location))
        }
        usedAliases = true
        var node = anchored.node
        node.location = location
        node.width = name.utf8.count + 1
        try complete(node, size: anchored.size, anchor: nil, keyText: node.string)
    }

    private mutating func handleContainerStart(_ event: yaml_event_t, isMapping: Bool) throws {
        let location = Self.location(event.start_mark)
        if frames.count >= Self.maximumDepth {
            throw Stop(finding: Finding(
                rule: "nesting-too-deep",
                message: "the document nests deeper than \(Self.maximumDepth) levels", at: location,
                hint: "csws files are shallow; this file is probably damaged or generated by mistake"))
        }
        if case .mapping(_, let pendingKey, _)? = frames.last?.container, pendingKey == nil {
            throw Stop(finding: Finding(
                rule: "yaml-syntax", message: "a mapping key must be plain text, not a list or mapping",
                at: location, hint: "write the key as a single word, e.g. `owner:`"))
        }
        let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
        if let tagPointer {
            let tag = String(cString: tagPointer)
            let expected = isMapping ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq"
            if tag != expected && tag != "!" { findings.append(Self.unsupportedTag(tag, at: location)) }
        }
        let anchor = Self.optionalString(
            isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
        let container: Container = isMapping ? .mapping([], pendingKey: nil, skipValue: false) : .sequence([])
        frames.append(Frame(container: container, location: location, anchor: anchor, size: 1))
        try count(1, at: location)
    }

    private mutating func handleContainerEnd(_ event: yaml_event_t) throws {
        guard let frame = frames.popLast() else { return }
        let node: DocumentNode
        switch frame.container {
        case .sequence(let elements):
            node = DocumentNode(.sequence(elements), at: frame.location)
        case .mapping(let members, _, _):
            node = DocumentNode(.mapping(members), at: frame.location)
        }
        // The container was counted when it opened; only its anchor and parent need the size now.
        if let anchor = frame.anchor { anchors[anchor] = (node, frame.size) }
        attach(node, size: frame.size, keyText: nil)
    }

    // MARK: Tree building

    private mutating func complete(_ node: DocumentNode, size: Int, anchor: String?, keyText: String?) throws {
        try count(size, at: node.location)
        if let anchor { anchors[anchor] = (node, size) }
        if case .mapping(_, let pendingKey, _)? = frames.last?.container, pendingKey == nil, keyText == nil {
            throw Stop(finding: Finding(
                rule: "yaml-syntax", message: "a mapping key must be plain text", at: node.location))
        }
        attach(node, size: size, keyText: keyText)
    }

    private mutating func attach(_ node: DocumentNode, size: Int, keyText: String?) {
        guard !frames.isEmpty else {
            root = node
            return
        }
        let top = frames.count - 1
        frames[top].size += size
        switch frames[top].container {
        case .sequence(var elements):
            frames[top].container = .sequence([])  // release the array so the append is in place
            elements.append(node)
            frames[top].container = .sequence(elements)
        case .mapping(var members, let pendingKey, let skipValue):
            frames[top].container = .mapping([], pendingKey: nil, skipValue: false)
            if let (key, keyLocation) = pendingKey {
                if !skipValue { members.append(DocumentMember(key: key, keyLocation: keyLocation, value: node)) }
                frames[top].container = .mapping(members, pendingKey: nil, skipValue: false)
            } else {
                let key = keyText ?? ""
                var duplicate = false
                if let first = members.first(where: { $0.key == key }) {
                    duplicate = true
                    findings.append(Self.duplicateKeyFinding(key, at: node.location, firstLine: first.keyLocation.line))
                }
                frames[top].container = .mapping(
                    members, pendingKey: (key, node.location), skipValue: duplicate)
            }
        }
    }

    private mutating func count(_ nodes: Int, at location: SourceLocation) throws {
        totalNodes += nodes
        guard totalNodes > Self.nodeBudget else { return }
        if usedAliases {
            throw Stop(finding: Finding(
                rule: "alias-budget",
                message: "aliases expand this document beyond \(Self.nodeBudget) nodes (an alias bomb?)",
                at: location,
                hint: "write the values out instead of nesting `*alias` references"))
        }
        throw Stop(finding: Finding(
            rule: "document-too-large", message: "the document has more than \(Self.nodeBudget) values",
            at: location, hint: "split the data into several files"))
    }

    private mutating func resolveTagged(_ text: String, tag: String, at location: SourceLocation, width: Int)
        -> DocumentNode.Value
    {
        let core = "tag:yaml.org,2002:"
        guard tag.hasPrefix(core) else {
            findings.append(Self.unsupportedTag(tag, at: location))
            return .string(text)
        }
        let name = tag.dropFirst(core.count)
        let resolved = ScalarResolver.resolve(text)
        switch (name, resolved) {
        case ("str", _): return .string(text)
        case ("int", .integer), ("bool", .bool), ("null", .null), ("float", .number): return resolved
        case ("float", .integer(let whole)): return .number(Double(whole))
        default:
            findings.append(Finding(
                rule: "unsupported-tag", message: "`\(text)` is not a valid !!\(name) value",
                at: location, width: width, hint: "remove the `!!\(name)` tag"))
            return .string(text)
        }
    }

    static func duplicateKeyFinding(_ key: String, at location: SourceLocation, firstLine: Int) -> Finding {
        Finding(
            rule: "duplicate-key", message: "duplicate key `\(key)`", at: location, width: key.count,
            hint: "keep one `\(key):` line; csws uses the first one",
            notes: ["first `\(key)` is on line \(firstLine)"])
    }

    // MARK: libyaml glue

    private static func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func unsupportedTag(_ tag: String, at location: SourceLocation) -> Finding {
        let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
        return Finding(
            rule: "unsupported-tag", message: "the YAML tag `\(shown)` is not supported", at: location,
            hint: "remove the tag; csws files use plain values (text, numbers, true/false, dates)")
    }

    private static func syntaxFinding(_ parser: yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> Finding {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        let location: SourceLocation
        if parser.error == YAML_READER_ERROR {
            location = SourceText.location(ofByte: Int(parser.problem_offset), in: bytes)
            return Finding(
                rule: "invalid-utf8", message: "unreadable text: \(problem)", at: location,
                hint: "save the file as UTF-8 text")
        }
        location = Self.location(parser.problem_mark)
        if problem.contains("nesting level") {
            return Finding(
                rule: "nesting-too-deep",
                message: "the document nests deeper than \(maximumDepth) levels", at: location,
                hint: "csws files are shallow; this file is probably damaged or generated by mistake")
        }
        var notes: [String] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            notes.append("\(context) that starts on line \(parser.context_mark.line + 1)")
        }
        return Finding(
            rule: "yaml-syntax", message: "YAML syntax error: \(problem)", at: location,
            hint: syntaxHint(for: problem), notes: notes)
    }

    private static func syntaxHint(for problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "a value contains `: `; put the whole value in quotes, e.g. `summary: \"Q3: renewal\"`"
        }
        if problem.contains("cannot start any token") {
            return "YAML indents with spaces, not tabs; values starting with @ or ` must be quoted"
        }
        if problem.contains("did not find expected key") || problem.contains("expected <block end>") {
            return "check this line's indentation against the lines above it"
        }
        if problem.contains("did not find expected '-'") {
            return "every item of a list starts with `- ` at the same indentation"
        }
        if problem.contains("quoted scalar") {
            return "a quoted value is missing its closing quote"
        }
        return "check the indentation and that each line is `key: value`; quote values with special characters"
    }
}
