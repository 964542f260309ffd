/// The fast path's form of a compiled schema: plain-data nodes and instructions in flat buffers, and
/// the rule objects they use referenced without retain counting. Copying a `SchemaKeyword` out of an
/// array retains its payload, and with several threads on one schema those atomic counts on shared
/// objects were most of the validation time; everything here is trivially copyable instead.
///
/// The buffers are owned by this object and freed with it; the evaluator that reads them is used
/// only while the owning `JSONSchema` (and so this program) is alive.
final class ValidationProgram: @unchecked Sendable {
    struct Node {
        /// -1: an object schema; 0/1: the boolean schema `false`/`true`.
        var constantResult: Int8
        var tracksEvaluation: Bool
        var resource: Int32
        var firstInstruction: Int32
        var endInstruction: Int32
    }

    enum Instruction {
        case type(JSONTypeSet)
        case enumeration(Unmanaged<EnumRule>)
        case constant(Unmanaged<ConstantRule>)
        case number(Unmanaged<NumberRules>)
        case string(Unmanaged<StringRules>)
        case object(Unmanaged<ObjectRules>)
        case array(Unmanaged<ArrayRules>)
        /// A range of `branches`.
        case allOf(Int32, Int32)
        case anyOf(Int32, Int32)
        case oneOf(Int32, Int32)
        case not(Int32)
        /// Node indices; -1 where `then`/`else` is absent.
        case conditional(Int32, Int32, Int32)
        case reference(Int32)
        case dynamicReference(Unmanaged<DynamicReference>)
        case unevaluatedProperties(Int32)
        case unevaluatedItems(Int32)
    }

    let nodes: UnsafeMutableBufferPointer<Node>
    let instructions: UnsafeMutableBufferPointer<Instruction>
    let branches: UnsafeMutableBufferPointer<Int32>
    /// Keeps alive every object an instruction refers to unretained.
    private let ruleOwners: [AnyObject]

    init(_ schemaNodes: [SchemaNode]) {
        var nodes: [Node] = []
        var instructions: [Instruction] = []
        var branches: [Int32] = []
        var owners: [AnyObject] = []
        func unretained<Rule: AnyObject>(_ rule: Rule) -> Unmanaged<Rule> {
            owners.append(rule)
            return Unmanaged.passUnretained(rule)
        }
        func branchRange(_ indices: [Int]) -> (Int32, Int32) {
            let start = Int32(branches.count)
            branches += indices.map { Int32($0) }
            return (start, Int32(branches.count))
        }
        for schemaNode in schemaNodes {
            let first = Int32(instructions.count)
            for keyword in schemaNode.keywords {
                switch keyword {
                case .type(let types): instructions.append(.type(types))
                case .enumeration(let rule): instructions.append(.enumeration(unretained(rule)))
                case .constant(let value): instructions.append(.constant(unretained(ConstantRule(value))))
                case .number(let rules): instructions.append(.number(unretained(rules)))
                case .string(let rules): instructions.append(.string(unretained(rules)))
                case .object(let rules): instructions.append(.object(unretained(rules)))
                case .array(let rules): instructions.append(.array(unretained(rules)))
                case .allOf(let indices):
                    let range = branchRange(indices)
                    instructions.append(.allOf(range.0, range.1))
                case .anyOf(let indices):
                    let range = branchRange(indices)
                    instructions.append(.anyOf(range.0, range.1))
                case .oneOf(let indices):
                    let range = branchRange(indices)
                    instructions.append(.oneOf(range.0, range.1))
                case .not(let index): instructions.append(.not(Int32(index)))
                case .conditional(let condition, let then, let otherwise):
                    instructions.append(.conditional(Int32(condition), Int32(then ?? -1), Int32(otherwise ?? -1)))
                case .reference(let index): instructions.append(.reference(Int32(index)))
                case .dynamicReference(let reference): instructions.append(.dynamicReference(unretained(reference)))
                case .unevaluatedProperties(let index): instructions.append(.unevaluatedProperties(Int32(index)))
                case .unevaluatedItems(let index): instructions.append(.unevaluatedItems(Int32(index)))
                }
            }
            let constant: Int8 = schemaNode.constantResult.map { $0 ? 1 : 0 } ?? -1
            nodes.append(Node(constantResult: constant, tracksEvaluation: schemaNode.tracksEvaluation,
                              resource: Int32(schemaNode.resource), firstInstruction: first,
                              endInstruction: Int32(instructions.count)))
        }
        self.nodes = Self.buffer(nodes)
        self.instructions = Self.buffer(instructions)
        self.branches = Self.buffer(branches)
        self.ruleOwners = owners
    }

    deinit {
        nodes.deallocate()
        instructions.deallocate()
        branches.deallocate()
    }

    private static func buffer<Element>(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(elements.count, 1))
        _ = buffer.initialize(from: elements)
        return buffer
    }
}
