import AccordIO
public import ArgumentParser

extension OutputFormat: ExpressibleByArgument {}
