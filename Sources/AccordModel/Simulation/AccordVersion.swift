/// accord's version, recorded in every run summary.
package enum AccordVersion {
  package static let current = "0.1.0"
}
