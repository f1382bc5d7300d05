/// A fixed-size column of agent state, allocated once and owned by its holder.
///
/// The step loop reads and writes agent state through raw pointers so that no
/// per-element bounds check, copy-on-write check or retain happens inside it. The
/// column is non-copyable because it owns its memory; the holder frees it.
public struct Column<Element: BitwiseCopyable>: ~Copyable {
  @usableFromInline var base: UnsafeMutablePointer<Element>
  /// The number of elements.
  public let count: Int

  /// A column of `count` copies of `value`.
  public init(repeating value: Element, count: Int) {
    self.count = count
    base = .allocate(capacity: Swift.max(count, 1))
    base.initialize(repeating: value, count: Swift.max(count, 1))
  }

  /// A column holding `values`.
  public init(_ values: [Element]) {
    count = values.count
    base = .allocate(capacity: Swift.max(count, 1))
    values.withUnsafeBufferPointer { source in
      if let start = source.baseAddress { base.initialize(from: start, count: count) }
    }
  }

  /// A column of `count` elements, element `i` being `value(i)`: no intermediate array.
  public init(count: Int, _ value: (Int) -> Element) {
    self.count = count
    base = .allocate(capacity: Swift.max(count, 1))
    for i in 0..<count { (base + i).initialize(to: value(i)) }
  }

  deinit { base.deallocate() }

  /// Element `i`.
  ///
  /// Writing needs the column `inout`, so a holder of a `borrowing` simulation (an observer) can
  /// read agent state but not change it.
  @inlinable
  public subscript(i: Int) -> Element {
    @inline(__always) get {
      assert(i >= 0 && i < count, "column index out of range")
      return base[i]
    }
    @inline(__always) set {
      precondition(i >= 0 && i < count, "column index out of range")
      base[i] = newValue
    }
  }

  /// Writes element `i` through the column's storage: for the step's phases, which
  /// borrow the agent state and write it in place (module-internal, never public).
  @inline(__always)
  func write(_ i: Int, _ value: Element) {
    assert(i >= 0 && i < count, "column index out of range")
    base[i] = value
  }

  /// The elements as an array (for reports and tests, not for the step loop).
  public var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// Swaps storage with another column of the same size (double buffering).
  @inlinable
  public mutating func exchange(with other: inout Column<Element>) {
    precondition(count == other.count, "columns differ in size")
    swap(&base, &other.base)
  }
}
