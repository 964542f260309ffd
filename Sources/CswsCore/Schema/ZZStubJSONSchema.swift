// TEMPORARY stub until the validator lands.
import Foundation
public struct SchemaViolation: Sendable {
    public enum Target: Sendable { case value, key, firstKeyOfMapping }
    public var rule: String; public var message: String; public var hint: String?
    public var path: [PathComponent]; public var target: Target
}
public final class JSONSchema: Sendable {
    public init(jsonData: Data) throws {}
    public func validate(_ instance: DocumentNode) -> [SchemaViolation] { [] }
}
