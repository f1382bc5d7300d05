// The front door for scripting accord from Swift: `import Accord` gives the model
// (worlds, simulations, observers, summaries), config loading and the writers, without
// naming the modules one by one.
@_exported import AccordConfig
@_exported import AccordIO
@_exported import AccordModel
