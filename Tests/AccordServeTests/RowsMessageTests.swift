import Foundation
import Testing

@testable import AccordServe

/// The hand-built `rows` message: the text `JSONEncoder` writes, for any line.
@Suite struct RowsMessageTests {
  /// The message as the generic encoder writes it, with `json()`'s settings.
  func encoded(_ message: ServerMessage) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(message), as: UTF8.self)
  }

  /// The fields of a `rows` message read back by Foundation's parser.
  func decoded(_ json: String) throws -> (lines: [String], run: Int, step: Int, paused: Bool)? {
    guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
      object["type"] as? String == "rows", let lines = object["lines"] as? [String],
      let run = object["run"] as? Int, let step = object["step"] as? Int,
      let paused = object["paused"] as? Bool
    else { return nil }
    return (lines, run, step, paused)
  }

  @Test func timeSeriesLinesAreEncodedByteForByteAsJSONEncoderDoes() throws {
    let batches: [[String]] = [
      [],
      ["0,0.5,0.1,,no-zopa,false,N0"],
      ["12,0.43125,1e-05,0.2,agreement,true", "13,-0.0,,,,", "14,inf,nan,\"x\",a/b"],
    ]
    for (i, lines) in batches.enumerated() {
      let message = ServerMessage.rows(run: i + 1, lines: lines, step: 100 * i, paused: i == 1)
      #expect(message.json() == (try encoded(message)))
    }
  }

  @Test func anyLineRoundTrips() throws {
    // Quotes, backslashes, every control character, multi-byte and astral characters.
    let alphabet: [String] =
      ["a", "0", ",", ".", "-", "\"", "\\", "/", "é", "∪", "🙂", "\u{7F}"]
      + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for trial in 0..<300 {
      let lines = (0..<next(5)).map { _ in
        (0..<next(40)).map { _ in alphabet[next(alphabet.count)] }.joined()
      }
      let json = ServerMessage.rows(
        run: trial, lines: lines, step: trial * 7, paused: trial % 2 == 0
      )
      .json()
      let back = try decoded(json)
      #expect(back?.lines == lines, "trial \(trial): \(json)")
      #expect(back?.run == trial && back?.step == trial * 7 && back?.paused == (trial % 2 == 0))
    }
  }

  @Test func newBytesAreCutIntoTheirLines() {
    #expect(RunController.lines(Array("1,a\n2,b\n".utf8)) == ["1,a", "2,b"])
    #expect(RunController.lines(Array("3,\u{e9},\n".utf8)) == ["3,\u{e9},"])
    #expect(RunController.lines([]).isEmpty)
  }
}
