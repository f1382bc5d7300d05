/// accord's version, recorded in every run summary.
public enum AccordVersion {
  public static let current = "0.1.0"
}
