public import AccordModel

extension LoadedConfig {
  /// A config and the world built from it elsewhere (a sweep's run, rebuilt by the sweep
  /// runner's code), to be run as a loaded config is.
  package init(replaying config: WorldConfig, world: World, path: String) {
    self.config = config
    self.world = world
    self.path = path
  }
}
