package io.github.nunuaction.nunu;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

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

  /**
   * Reads a list page by page and checks every item with {@code matches}: an answer is a claim.
   * Paging ends at the last page, after {@code maxPages}, or at a page that only repeats items of
   * earlier ones (a server that ignores {@code page}); an item without an id cannot be acted on and
   * counts as foreign.
   */
  static <T> Listed<T> read(
      IntFunction<Page<T>> pages, Predicate<T> matches, Function<T, String> idOf, int maxPages) {
    var matching = new ArrayList<T>();
    var seen = new HashSet<String>();
    int foreign = 0;
    for (int page = 0; page < maxPages; page++) {
      Page<T> answer = pages.apply(page);
      boolean onlyRepeats = !answer.items().isEmpty();
      for (T item : answer.items()) {
        String id = idOf.apply(item);
        if (id != null && !seen.add(id)) {
          continue;
        }
        onlyRepeats = false;
        if (id != null && matches.test(item)) {
          matching.add(item);
        } else {
          foreign++;
        }
      }
      if (onlyRepeats) {
        return new Listed<>(
            matching,
            foreign,
            false,
            "page " + page + " repeated an earlier page (paging ignored)");
      }
      if (!answer.hasMore(page)) {
        return new Listed<>(matching, foreign, true, null);
      }
    }
    return new Listed<>(matching, foreign, false, "it has more than " + maxPages + " page(s)");
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
