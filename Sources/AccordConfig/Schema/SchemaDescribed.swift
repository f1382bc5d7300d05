/// A type whose decoding is not a walk of keys (a number or a mapping, a list or one
/// value) and so declares its schema beside its `init(from:)`.
package protocol SchemaDescribed {
  static var schema: JSONValue { get }
}
