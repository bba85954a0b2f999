package io.github.nunuaction.report;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What Markdown may still use of one of GitHub's size limits (1 MiB of UTF-8 for a step summary,
 * 65,536 characters for a comment), measured as that limit measures it. The one place where the
 * renderers decide what fits.
 */
final class Budget {
  /** How a limit measures text. */
  enum Unit {
    UTF8_BYTES,
    CHARS
  }

  private final int limit;
  private final Unit unit;
  private int used;

  Budget(int limit, Unit unit) {
    this.limit = limit;
    this.unit = unit;
  }

  static Budget bytes(int limit) {
    return new Budget(limit, Unit.UTF8_BYTES);
  }

  static Budget chars(int limit) {
    return new Budget(limit, Unit.CHARS);
  }

  int size(CharSequence text) {
    return unit == Unit.CHARS
        ? text.length()
        : text.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  /** Counts {@code text} as used, whether it fits or not (what must be there anyway). */
  Budget spend(CharSequence text) {
    used += size(text);
    return this;
  }

  /** Keeps {@code units} free for what comes later. */
  Budget reserve(int units) {
    used += units;
    return this;
  }

  boolean fits(CharSequence text) {
    return used + size(text) <= limit;
  }

  /**
   * Appends {@code pieces} to {@code out} in order while they fit, at most {@code max} of them; the
   * first that does not fit ends it. Returns how many were appended.
   */
  int appendWhileFits(List<String> pieces, int max, StringBuilder out) {
    int taken = 0;
    while (taken < pieces.size() && taken < max && fits(pieces.get(taken))) {
      spend(pieces.get(taken));
      out.append(pieces.get(taken++));
    }
    return taken;
  }
}
