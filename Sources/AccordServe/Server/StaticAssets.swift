import Foundation
import Hummingbird

/// The page's files (HTML, JS, CSS, the vendored chart library), read once from the
/// module's resources and served from memory: a request names a key of this table,
/// never a path on disk.
struct StaticAssets: Sendable {
  struct Asset: Sendable {
    var body: ByteBuffer
    var contentType: String
  }

  private let assets: [String: Asset]

  /// Loads every file under the resource folder `www`.
  init() throws(ServeError) {
    guard let root = Bundle.module.url(forResource: "www", withExtension: nil) else {
      throw ServeError(message: "the page's resources are missing from this build")
    }
    var assets: [String: Asset] = [:]
    let base = root.standardizedFileURL.path
    let files = FileManager.default.enumerator(atPath: base)
    while let relative = files?.nextObject() as? String {
      let path = "\(base)/\(relative)"
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path)
      else { continue }
      assets["/" + relative] = Asset(
        body: ByteBuffer(bytes: data), contentType: Self.contentType(relative))
    }
    if let index = assets["/index.html"] { assets["/"] = index }
    self.assets = assets
  }

  func asset(_ path: String) -> Asset? { assets[path] }

  private static func contentType(_ name: String) -> String {
    switch (name as NSString).pathExtension {
    case "html": "text/html; charset=utf-8"
    case "js": "text/javascript; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "svg": "image/svg+xml"
    case "png": "image/png"
    default: "text/plain; charset=utf-8"
    }
  }
}
