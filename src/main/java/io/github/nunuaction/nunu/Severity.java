package io.github.nunuaction.nunu;

/** A bug's severity as nunu grades it (API.md 2.2.5), lowest first. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** The severity nunu wrote, in any casing; null for anything else. */
  public static Severity of(String value) {
    for (Severity severity : values()) {
      if (severity.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return severity;
      }
    }
    return null;
  }
}
