import AccordServe
import Foundation
import Testing

/// Parsing the page's messages: valid ones, and every way a message is refused.
@Suite struct ClientMessageTests {
  func refusal(_ json: String) -> MessageError? {
    do {
      _ = try ClientMessage.parse(ServeFixtures.data(json))
      return nil
    } catch {
      return error
    }
  }

  @Test func parsesEveryType() throws {
    #expect(try ClientMessage.parse(ServeFixtures.data(#"{"type":"hello"}"#)) == .hello)
    #expect(
      try ClientMessage.parse(
        ServeFixtures.data(#"{"type":"load","config":"examples/ozone.yaml"}"#))
        == .load(config: "examples/ozone.yaml"))
    let run = try ClientMessage.parse(
      ServeFixtures.data(
        #"{"type":"run","config":"examples/quickstart.yaml","seed":7,"steps":50,"params":{"theta":0.3,"learning.mode":"degroot"}}"#
      ))
    #expect(
      run
        == .run(
          RunRequest(
            config: "examples/quickstart.yaml", seed: 7, steps: 50,
            params: ["theta": .number(0.3), "learning.mode": .choice("degroot")])))
    for type in ["pause", "resume", "reset", "download"] {
      #expect((try? ClientMessage.parse(ServeFixtures.data(#"{"type":"\#(type)"}"#))) != nil)
    }
    #expect(
      try ClientMessage.parse(ServeFixtures.data(#"{"type":"speed","steps_per_second":20}"#))
        == .speed(stepsPerSecond: 20))
    let paced = try ClientMessage.parse(
      ServeFixtures.data(#"{"type":"run","config":"examples/quickstart.yaml","speed":0}"#))
    #expect(paced == .run(RunRequest(config: "examples/quickstart.yaml", speed: 0)))
  }

  @Test func refusesOversizeMessagesUnread() {
    let padding = String(repeating: "x", count: ClientMessage.maxBytes)
    let error = refusal(#"{"type":"hello","pad":"\#(padding)"}"#)
    #expect(error?.kind == .tooLarge)
    #expect(error?.message.contains("limit is \(ClientMessage.maxBytes) bytes") == true)
    // Just under the limit is read.
    let fits = String(repeating: "x", count: ClientMessage.maxBytes - 40)
    #expect(refusal(#"{"type":"hello","pad":"\#(fits)"}"#) == nil)
  }

  @Test func refusesMalformedMessages() {
    for text in ["", "not json", "[1,2]", #"{"kind":"hello"}"#, #"{"type":7}"#] {
      #expect(refusal(text)?.kind == .malformed, "\(text)")
    }
    let missing = refusal(#"{"type":"load"}"#)
    #expect(missing?.kind == .malformed)
    #expect(missing?.message == #"malformed 'load' message: missing "config""#)
    let wrongType = refusal(#"{"type":"run","config":"examples/quickstart.yaml","seed":"seven"}"#)
    #expect(wrongType?.message == #"malformed 'run' message: wrong type at "seed""#)
  }

  @Test func refusesUnknownTypesNamingTheAllowedOnes() {
    let error = refusal(#"{"type":"shutdown"}"#)
    #expect(error?.kind == .unknownType)
    #expect(
      error?.message
        == "unknown message type 'shutdown'; allowed: hello, load, run, step, pause, resume, reset, download, frame, seeds, speed, sweep, sweep_runs, factor_plot, replay"
    )
  }

  @Test func parsesTheSweepViewersMessages() throws {
    func parse(_ text: String) throws -> ClientMessage { try ClientMessage.parse(Data(text.utf8)) }
    #expect(try parse(#"{"type":"sweep","sweep":"./runs/a"}"#) == .sweep("./runs/a"))
    #expect(
      try parse(#"{"type":"sweep_runs","sweep":"./runs/a"}"#)
        == .sweepRuns(SweepQuery(sweep: "./runs/a", sort: "run_id", descending: false, offset: 0)))
    #expect(
      try parse(
        #"{"type":"sweep_runs","sweep":"./a","sort":"theta","descending":true,"offset":200}"#)
        == .sweepRuns(SweepQuery(sweep: "./a", sort: "theta", descending: true, offset: 200)))
    #expect(
      try parse(#"{"type":"factor_plot","sweep":"./a","factor":"theta","metric":"efficiency"}"#)
        == .factorPlot(sweep: "./a", factor: "theta", metric: "efficiency"))
    #expect(
      try parse(#"{"type":"replay","sweep":"./a","run":3,"speed":10}"#)
        == .replay(sweep: "./a", run: 3, speed: 10))
    let fraction = refusal(#"{"type":"replay","sweep":"./a","run":2.5}"#)
    #expect(fraction?.kind == .malformed)
    #expect(fraction?.message.hasPrefix("malformed 'replay' message: ") == true)
    #expect(
      refusal(#"{"type":"factor_plot","sweep":"./a","factor":"theta"}"#)?.message
        == #"malformed 'factor_plot' message: missing "metric""#)
    #expect(refusal(#"{"type":"replay","sweep":"./a","run":1,"speed":-1}"#)?.kind == .badParameter)
  }

  @Test func parsesTheInstrumentsFramesAndSeeds() throws {
    #expect(
      try ClientMessage.parse(Data(#"{"type":"frame","step":4,"agent":2}"#.utf8))
        == .frame(step: 4, agent: 2))
    #expect(
      try ClientMessage.parse(Data(#"{"type":"frame","step":0}"#.utf8))
        == .frame(step: 0, agent: nil))
    #expect(
      try ClientMessage.parse(
        Data(#"{"type":"seeds","config":"examples/quickstart.yaml","seed":7,"count":8}"#.utf8))
        == .seeds(RunRequest(config: "examples/quickstart.yaml", seed: 7), count: 8))
    #expect(refusal(#"{"type":"frame"}"#)?.message == #"malformed 'frame' message: missing "step""#)
    #expect(
      refusal(#"{"type":"seeds","config":"examples/quickstart.yaml"}"#)?.message
        == #"malformed 'seeds' message: missing "count""#)
  }
}
