package io.github.nunuaction.nunu;

import java.util.List;

/**
 * A list answer checked item by item against what was asked: a list is a claim, not a fact. Only
 * {@code matching} items may be acted on; {@code foreign} counts the items that do not fit the
 * filter (a server that ignored it), and {@code complete} says whether every page was read, so that
 * "nothing found" can be trusted.
 *
 * @param trouble why paging stopped before the last page (a page that repeated an earlier one, more
 *     pages than the bound), or null
 */
public record Listed<T>(List<T> matching, int foreign, boolean complete, String trouble) {

  public Listed {
    matching = List.copyOf(matching);
  }

  /** Whether the answer held items the filter excludes: the server did not apply it. */
  public boolean filterIgnored() {
    return foreign > 0;
  }

  /**
   * What was wrong with the answer, for a notice: the foreign items and any paging trouble; null
   * when it was as asked.
   */
  public String problem() {
    if (foreign == 0 && trouble == null) {
      return null;
    }
    String ignored =
        foreign == 0
            ? null
            : foreign
                + (foreign == 1 ? " item that does not" : " items that do not")
                + " match the filter (the server ignored it)";
    if (trouble == null) {
      return ignored;
    }
    return ignored == null ? trouble : ignored + "; " + trouble;
  }
}
