/// Three-way merge of a workspace YAML file by its structure (SPEC §10.8): mappings key by key,
/// lists of items with an `id` (stakeholders by `name`) item by item, other lists as values unless
/// both sides only appended, scalars by value. Whatever one side changed is taken from that side
/// as text (its comments and layout with it); the result is parsed again and must equal the merged
/// structure, or the caller falls back to git's line merge.
public enum StructuralMerge {
    public enum Side: Sendable, Equatable {
        case ours, theirs
    }

    /// One change taken from one side, e.g. `milestones / M5 / due` from ours.
    public struct Note: Sendable, Equatable {
        public var path: [String]
        public var side: Side
    }

    public enum Outcome: Sendable {
        /// Merged without a conflict: the new text, and what was taken from which side.
        case merged(text: String, notes: [Note])
        /// A real disagreement (§10.8): the same value changed two ways, the same id added twice
        /// differently, an item changed on one side and removed on the other.
        case conflict(String)
        /// A side does not parse, or the layouts could not be combined faithfully.
        case unsupported(String)
    }

    public static func merge(base: String, ours: String, theirs: String) -> Outcome {
        guard let baseText = YAMLSource(base) else { return .unsupported("the common ancestor is not a valid YAML mapping") }
        guard let oursText = YAMLSource(ours) else { return .unsupported("your version does not parse") }
        guard let theirsText = YAMLSource(theirs) else { return .unsupported("their version does not parse") }
        var merger = Merger(base: baseText, ours: oursText, theirs: theirsText)
        let piece: Merger.Piece
        do {
            piece = try merger.merge(baseText.rootBlock, oursText.rootBlock, theirsText.rootBlock, path: [])
        } catch let conflict as Merger.Conflict {
            return .conflict(conflict.reason)
        } catch {
            return .unsupported("\(error)")
        }
        let text = Merger.join(piece.lines, newline: ours.contains("\r\n") ? "\r\n" : "\n")
        // The text must say exactly what the merge decided.
        let reloaded = DocumentLoader.load(text: text)
        guard let reread = reloaded.document, !reloaded.findings.contains(where: { $0.severity == .error }),
            reread.sameValue(as: piece.node)
        else {
            return .unsupported("the merged text does not read back as the merged structure")
        }
        return .merged(text: text, notes: merger.notes)
    }
}

extension DocumentNode {
    var isEmptyCollection: Bool {
        switch value {
        case .mapping(let members): return members.isEmpty
        case .sequence(let items): return items.isEmpty
        default: return false
        }
    }
}

/// The recursive merge over the three sides' blocks.
struct Merger {
    struct Conflict: Error {
        var reason: String
    }

    /// Merged text and the structure it stands for.
    struct Piece {
        var lines: [String]
        var node: DocumentNode
    }

    let base: YAMLSource
    let ours: YAMLSource
    let theirs: YAMLSource
    var notes: [StructuralMerge.Note] = []

    mutating func merge(_ b: TextBlock, _ o: TextBlock, _ t: TextBlock, path: [String]) throws -> Piece {
        let oursContent = ours.content(o.range)
        let theirsContent = theirs.content(t.range)
        if unchanged(o, in: ours, from: b) {
            if !unchanged(t, in: theirs, from: b) { record(b.node, t.node, path: path, side: .theirs) }
            return Piece(lines: theirs.text(t.range), node: t.node)
        }
        if unchanged(t, in: theirs, from: b) || (oursContent == theirsContent && o.node.sameValue(as: t.node)) {
            record(b.node, o.node, path: path, side: .ours)
            return Piece(lines: ours.text(o.range), node: o.node)
        }
        // Both sides changed this node, differently.
        // An empty collection (`objectives: []`, an empty file) that both sides filled has no children yet.
        let baseChildren = b.children ?? (b.node.isEmptyCollection ? [] : nil)
        if let baseChildren, let oursChildren = o.children, let theirsChildren = t.children {
            switch (b.node.value, o.node.value, t.node.value) {
            case (.mapping, .mapping, .mapping):
                return try mergeMembers(b, o, t, baseChildren, oursChildren, theirsChildren, path: path)
            case (.sequence, .sequence, .sequence):
                if let keyed = try mergeKeyedItems(b, o, t, baseChildren, oursChildren, theirsChildren, path: path) { return keyed }
                if let appended = mergeAppended(b, o, t, baseChildren, oursChildren, theirsChildren, path: path) { return appended }
            default: break
            }
        }
        if b.node.isScalar && o.node.isScalar && t.node.isScalar && !o.node.sameValue(as: t.node) {
            throw Conflict(reason: "\(MergeNotes.describe(path)) changed on both sides: \(MergeNotes.value(o.node)) and \(MergeNotes.value(t.node))")
        }
        // The same value written two ways (two comments, say): git's line merge keeps both texts.
        throw Conflict(reason: "\(MergeNotes.describe(path)) changed on both sides")
    }

    /// A side left a node as it was: the same text (but for blank lines after it) and the same value.
    func unchanged(_ block: TextBlock, in side: YAMLSource, from baseBlock: TextBlock) -> Bool {
        side.content(block.range) == base.content(baseBlock.range) && block.node.sameValue(as: baseBlock.node)
    }

    /// Lines before the first child (a key line, comments): taken from the side that changed them.
    func mergeHead(_ b: TextBlock, _ o: TextBlock, _ t: TextBlock, path: [String]) throws -> [String] {
        let baseHead = base.text(b.head).joined()
        let oursHead = ours.text(o.head)
        let theirsHead = theirs.text(t.head)
        if oursHead.joined() == baseHead { return theirsHead }
        if theirsHead.joined() == baseHead || theirsHead == oursHead { return oursHead }
        throw Conflict(reason: "the lines above \(MergeNotes.describe(path)) changed on both sides")
    }

    /// A child present on some of the sides; nil in the result when removed.
    mutating func mergeChild(_ b: TextBlock?, _ o: TextBlock?, _ t: TextBlock?, path: [String]) throws -> Piece? {
        switch (b, o, t) {
        case let (b?, o?, t?):
            return try merge(b, o, t, path: path)
        case let (b?, o?, nil):
            guard unchanged(o, in: ours, from: b) else {
                throw Conflict(reason: "\(MergeNotes.describe(path)) was changed on your side and removed on theirs")
            }
            notes.append(StructuralMerge.Note(path: path + ["(removed)"], side: .theirs))
            return nil
        case let (b?, nil, t?):
            guard unchanged(t, in: theirs, from: b) else {
                throw Conflict(reason: "\(MergeNotes.describe(path)) was removed on your side and changed on theirs")
            }
            notes.append(StructuralMerge.Note(path: path + ["(removed)"], side: .ours))
            return nil
        case (_?, nil, nil):
            return nil
        case let (nil, o?, t?):
            guard o.node.sameValue(as: t.node) else {
                throw Conflict(reason: "\(MergeNotes.describe(path)) was added on both sides with different content")
            }
            guard ours.content(o.range) == theirs.content(t.range) else {
                throw Conflict(reason: "\(MergeNotes.describe(path)) was added on both sides, written differently")
            }
            return Piece(lines: ours.text(o.range), node: o.node)
        case let (nil, o?, nil):
            notes.append(StructuralMerge.Note(path: path + ["(added)"], side: .ours))
            return Piece(lines: ours.text(o.range), node: o.node)
        case let (nil, nil, t?):
            notes.append(StructuralMerge.Note(path: path + ["(added)"], side: .theirs))
            return Piece(lines: theirs.text(t.range), node: t.node)
        case (nil, nil, nil):
            return nil
        }
    }

    mutating func mergeMembers(
        _ b: TextBlock, _ o: TextBlock, _ t: TextBlock, _ baseChildren: [TextBlock.Child], _ oursChildren: [TextBlock.Child],
        _ theirsChildren: [TextBlock.Child], path: [String]
    ) throws -> Piece {
        func byKey(_ children: [TextBlock.Child]) -> [String: TextBlock] {
            Dictionary(children.map { ($0.key ?? "", $0.block) }, uniquingKeysWith: { first, _ in first })
        }
        let baseByKey = byKey(baseChildren)
        let oursByKey = byKey(oursChildren)
        let theirsByKey = byKey(theirsChildren)
        let order = try Self.mergedOrder(
            base: baseChildren.compactMap(\.key), ours: oursChildren.compactMap(\.key), theirs: theirsChildren.compactMap(\.key),
            path: path)
        var lines = try mergeHead(b, o, t, path: path)
        var members: [DocumentMember] = []
        for key in order {
            guard let piece = try mergeChild(baseByKey[key], oursByKey[key], theirsByKey[key], path: path + [key]) else { continue }
            lines += piece.lines
            members.append(DocumentMember(key: key, value: piece.node))
        }
        return Piece(lines: lines, node: DocumentNode(.mapping(members)))
    }

    /// The keys of the merged collection in order (SPEC §10.8): a side that reordered the common
    /// keys keeps its order (both reordering differently is a conflict); keys added on both sides
    /// are all kept, ours first at a shared spot.
    static func mergedOrder(base: [String], ours: [String], theirs: [String], path: [String]) throws -> [String] {
        let common = Set(base).intersection(ours).intersection(theirs)
        let baseOrder = base.filter(common.contains)
        let oursOrder = ours.filter(common.contains)
        let theirsOrder = theirs.filter(common.contains)
        if oursOrder != baseOrder && theirsOrder != baseOrder && oursOrder != theirsOrder {
            throw Conflict(reason: "\(MergeNotes.describe(path)) was reordered differently on both sides")
        }
        return theirsOrder != baseOrder
            ? order(primary: theirs, secondary: ours, base: Set(base), primaryIsOurs: false)
            : order(primary: ours, secondary: theirs, base: Set(base), primaryIsOurs: true)
    }

    /// `primary` in its order; a key only `secondary` added goes after the key it follows there
    /// (ours first where both sides added at one spot); keys only the secondary side still has
    /// (removed on the primary side) at the end, for the add/remove rules to decide.
    static func order(primary: [String], secondary: [String], base: Set<String>, primaryIsOurs: Bool) -> [String] {
        var order = primary
        let primarySet = Set(primary)
        let secondarySet = Set(secondary)
        for (index, key) in secondary.enumerated() where !primarySet.contains(key) && !base.contains(key) {
            var position = 0
            if let previous = secondary[..<index].last(where: { order.contains($0) }), let found = order.firstIndex(of: previous) {
                position = found + 1
                // Ours first: step over what ours (the primary side) added right there.
                if primaryIsOurs {
                    while position < order.count, !base.contains(order[position]), !secondarySet.contains(order[position]) { position += 1 }
                }
            }
            order.insert(key, at: position)
        }
        for key in secondary where !order.contains(key) { order.append(key) }
        return order
    }

    /// The key of a list item: its `id`, or a stakeholder's `name`.
    static func itemKey(_ item: DocumentNode, list: String?) -> String? {
        if let id = item["id"] {
            if let text = id.string { return text }
            if let whole = id.integer { return String(whole) }
        }
        return list == "stakeholders" ? item["name"]?.string : nil
    }

    static func keyed(_ children: [TextBlock.Child], list: String?) -> [(key: String, block: TextBlock)]? {
        var seen = Set<String>()
        var result: [(String, TextBlock)] = []
        for child in children {
            guard let key = itemKey(child.block.node, list: list), seen.insert(key).inserted else { return nil }
            result.append((key, child.block))
        }
        return result
    }

    mutating func mergeKeyedItems(
        _ b: TextBlock, _ o: TextBlock, _ t: TextBlock, _ baseChildren: [TextBlock.Child], _ oursChildren: [TextBlock.Child],
        _ theirsChildren: [TextBlock.Child], path: [String]
    ) throws -> Piece? {
        let list = path.last
        guard let baseItems = Self.keyed(baseChildren, list: list), let oursItems = Self.keyed(oursChildren, list: list),
            let theirsItems = Self.keyed(theirsChildren, list: list), !(oursItems.isEmpty && theirsItems.isEmpty)
        else { return nil }
        let baseKeys = baseItems.map(\.key)
        let oursKeys = oursItems.map(\.key)
        let theirsKeys = theirsItems.map(\.key)
        let order = try Self.mergedOrder(base: baseKeys, ours: oursKeys, theirs: theirsKeys, path: path)
        let baseByKey = Dictionary(baseItems, uniquingKeysWith: { first, _ in first })
        let oursByKey = Dictionary(oursItems, uniquingKeysWith: { first, _ in first })
        let theirsByKey = Dictionary(theirsItems, uniquingKeysWith: { first, _ in first })
        var lines = try mergeHead(b, o, t, path: path)
        var items: [DocumentNode] = []
        for key in order {
            guard let piece = try mergeChild(baseByKey[key], oursByKey[key], theirsByKey[key], path: path + [key]) else { continue }
            lines += piece.lines
            items.append(piece.node)
        }
        return Piece(lines: lines, node: DocumentNode(.sequence(items)))
    }

    /// A list without ids that both sides only appended to: the base items, ours, then theirs
    /// (an item both appended is kept once). The side whose text before its new items is the
    /// base's gives only its new items; otherwise git's line merge decides.
    mutating func mergeAppended(
        _ b: TextBlock, _ o: TextBlock, _ t: TextBlock, _ baseChildren: [TextBlock.Child], _ oursChildren: [TextBlock.Child],
        _ theirsChildren: [TextBlock.Child], path: [String]
    ) -> Piece? {
        func extends(_ children: [TextBlock.Child]) -> Bool {
            children.count >= baseChildren.count
                && zip(baseChildren, children).allSatisfy { $0.block.node.sameValue(as: $1.block.node) }
        }
        guard extends(oursChildren), extends(theirsChildren) else { return nil }
        let baseText = base.content(b.range)
        /// The side's text before its first new item, compared with the base block.
        func prefixUnchanged(_ side: YAMLSource, _ block: TextBlock, _ children: [TextBlock.Child]) -> Bool {
            let end = children.count > baseChildren.count ? children[baseChildren.count].block.range.lowerBound : block.range.upperBound
            return side.content(block.range.lowerBound..<end) == baseText
        }
        let oursAdded = oursChildren.dropFirst(baseChildren.count)
        let theirsAdded = theirsChildren.dropFirst(baseChildren.count).filter { added in
            !oursAdded.contains { $0.block.node.sameValue(as: added.block.node) }
        }
        var lines: [String]
        if prefixUnchanged(theirs, t, theirsChildren) {
            lines = ours.text(o.range)
            for child in theirsAdded { lines += theirs.text(child.block.range) }
        } else if prefixUnchanged(ours, o, oursChildren) {
            let end = theirsChildren.count > baseChildren.count ? theirsChildren[baseChildren.count].block.range.lowerBound : t.range.upperBound
            lines = theirs.text(t.range.lowerBound..<end)
            for child in oursAdded { lines += ours.text(child.block.range) }
            for child in theirsAdded { lines += theirs.text(child.block.range) }
        } else {
            return nil
        }
        notes.append(StructuralMerge.Note(path: path + ["(appended)"], side: .theirs))
        let items = oursChildren.map(\.block.node) + theirsAdded.map(\.block.node)
        return Piece(lines: lines, node: DocumentNode(.sequence(items)))
    }

    /// Notes the fields `side` changed under `path` (leaf by leaf, list items by id).
    mutating func record(_ before: DocumentNode, _ after: DocumentNode, path: [String], side: StructuralMerge.Side) {
        for changed in MergeNotes.changes(before, after, path: path) {
            notes.append(StructuralMerge.Note(path: changed, side: side))
        }
    }

    /// Lines joined into text; a block that ended the file without a line break gets one when
    /// another block follows it.
    static func join(_ lines: [String], newline: String) -> String {
        var text = ""
        for (index, line) in lines.enumerated() {
            text += line
            // Scalars, not Characters: "\r\n" is one Character, which `hasSuffix("\n")` would miss.
            if index + 1 < lines.count, line.unicodeScalars.last != "\n" { text += newline }
        }
        return text
    }
}
