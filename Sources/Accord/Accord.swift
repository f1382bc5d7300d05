// The front door for scripting accord from Swift: `import Accord` gives the model
// (worlds, simulations, observers, summaries), config loading and the writers, without
// naming the modules one by one. The numerics (`BetaDistribution` priors, `RandomStream`)
// and the voting games (`WeightedGame`, `PowerMethod`) are re-exported too, because the
// model's public API names their types.
@_exported import AccordConfig
@_exported import AccordIO
@_exported import AccordModel
@_exported import AccordNumerics
@_exported import AccordPower
