import AccordIO
import ArgumentParser

extension OutputFormat: ExpressibleByArgument {}
