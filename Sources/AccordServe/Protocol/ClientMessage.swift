package import Foundation

/// A message from the page over the WebSocket: a JSON object with a `type`.
package enum ClientMessage: Sendable, Equatable {
  /// Asks for the config catalog.
  case hello
  /// Loads a config: its controls with their current values and its `inspect` view.
  case load(config: String)
  /// Starts a new run (stopping the session's current one).
  case run(RunRequest)
  /// Advances one step: the current run if paused, otherwise a new paused run.
  case step(RunRequest)
  case pause
  case resume
  /// Stops and forgets the current run.
  case reset
  /// Asks for the finished run's files, as `accord run` writes them.
  case download
  /// Asks for the current run's agents at `step` (a past one, to scrub), and agent
  /// `agent`'s row there (to inspect it).
  case frame(step: Int, agent: Int?)
  /// Runs `count` seeds from the request's seed on (seed, seed + 1, ...) for a band.
  case seeds(RunRequest, count: Int)
  /// Sets the steps per second of the current and the next runs (0: as fast as possible).
  case speed(stepsPerSecond: Double)
  /// Opens a sweep store read-only: its overview and its first page of runs.
  case sweep(String)
  /// A page of a sweep store's runs, sorted by a column.
  case sweepRuns(SweepQuery)
  /// A sweep store's factor plot: a metric's mean per level of a factor, with its interval.
  case factorPlot(sweep: String, factor: String, metric: String)
  /// Rebuilds a stored run's world and runs it as a normal run (the sweep's `run` id).
  case replay(sweep: String, run: Int, speed: Double?)

  /// The largest message accepted, in bytes; larger ones are refused unread.
  package static let maxBytes = 16 * 1024

  /// The message types, as the page spells them.
  package static let types = [
    "hello", "load", "run", "step", "pause", "resume", "reset", "download", "frame", "seeds",
    "speed", "sweep", "sweep_runs", "factor_plot", "replay",
  ]

  private struct Envelope: Decodable {
    var type: String
  }

  private struct LoadBody: Decodable {
    var config: String
  }

  private struct FrameBody: Decodable {
    var step: Int
    var agent: Int?
  }

  private struct SeedsBody: Decodable {
    var count: Int
  }

  private struct SpeedBody: Decodable {
    var stepsPerSecond: Double

    enum CodingKeys: String, CodingKey { case stepsPerSecond = "steps_per_second" }
  }

  private struct SweepBody: Decodable {
    var sweep: String
  }

  private struct PlotBody: Decodable {
    var sweep: String
    var factor: String
    var metric: String
  }

  private struct ReplayBody: Decodable {
    var sweep: String
    var run: Int
    var speed: Double?
  }

  /// Parses one message; every problem is a ``MessageError`` for the page.
  package static func parse(_ data: Data) throws(MessageError) -> ClientMessage {
    guard data.count <= maxBytes else {
      throw MessageError(
        .tooLarge, "message of \(data.count) bytes refused; the limit is \(maxBytes) bytes")
    }
    let decoder = JSONDecoder()
    let envelope: Envelope
    do {
      envelope = try decoder.decode(Envelope.self, from: data)
    } catch {
      throw MessageError(.malformed, "malformed message: expected a JSON object with a \"type\"")
    }
    do {
      switch envelope.type {
      case "hello": return .hello
      case "load": return .load(config: try decoder.decode(LoadBody.self, from: data).config)
      case "run": return .run(try checked(decoder.decode(RunRequest.self, from: data)))
      case "step": return .step(try checked(decoder.decode(RunRequest.self, from: data)))
      case "pause": return .pause
      case "resume": return .resume
      case "reset": return .reset
      case "download": return .download
      case "frame":
        let body = try decoder.decode(FrameBody.self, from: data)
        return .frame(step: body.step, agent: body.agent)
      case "seeds":
        return .seeds(
          try checked(decoder.decode(RunRequest.self, from: data)),
          count: try decoder.decode(SeedsBody.self, from: data).count)
      case "speed":
        let speed = try decoder.decode(SpeedBody.self, from: data).stepsPerSecond
        try RunRequest.checkSpeed(speed)
        return .speed(stepsPerSecond: speed)
      case "sweep": return .sweep(try decoder.decode(SweepBody.self, from: data).sweep)
      case "sweep_runs": return .sweepRuns(try decoder.decode(SweepQuery.self, from: data))
      case "factor_plot":
        let body = try decoder.decode(PlotBody.self, from: data)
        return .factorPlot(sweep: body.sweep, factor: body.factor, metric: body.metric)
      case "replay":
        let body = try decoder.decode(ReplayBody.self, from: data)
        if let speed = body.speed { try RunRequest.checkSpeed(speed) }
        return .replay(sweep: body.sweep, run: body.run, speed: body.speed)
      default:
        throw MessageError(
          .unknownType,
          "unknown message type '\(envelope.type.prefix(40))'; allowed: "
            + types.joined(separator: ", "))
      }
    } catch let error as MessageError {
      throw error
    } catch {
      throw MessageError(
        .malformed, "malformed '\(envelope.type)' message: \(Self.reason(error))")
    }
  }

  /// The request, once its speed is checked.
  private static func checked(_ request: RunRequest) throws(MessageError) -> RunRequest {
    if let speed = request.speed { try RunRequest.checkSpeed(speed) }
    return request
  }

  /// A short reason for a decoding failure, naming the key.
  private static func reason(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): "missing \"\(key.stringValue)\""
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
    case DecodingError.dataCorrupted(let context):
      "bad value at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
    default: "\(error)"
    }
  }
}
