package io.github.nunuaction.report;

import java.util.List;

/**
 * GitHub-flavoured Markdown blocks, each followed by the blank line that ends it: headings,
 * paragraphs, alerts, tables, folded details and lists. The text given is Markdown already: callers
 * escape API text with {@link Markdown} first.
 */
final class Blocks {
  private final StringBuilder out = new StringBuilder();

  Blocks heading(int level, String text) {
    out.append("#".repeat(level)).append(' ').append(text).append("\n\n");
    return this;
  }

  Blocks paragraph(String text) {
    out.append(text).append("\n\n");
    return this;
  }

  /** A GitHub alert: {@code > [!WARNING]}. */
  Blocks warning(String text) {
    out.append("> [!WARNING]\n> ").append(text).append("\n\n");
    return this;
  }

  /** A table's header row and its separator; rows follow with {@link #row}. */
  static String tableHeader(List<String> columns) {
    var header = new StringBuilder("|");
    columns.forEach(column -> header.append(column.isEmpty() ? " |" : " " + column + " |"));
    return header.append('\n').append("|---".repeat(columns.size())).append("|\n").toString();
  }

  static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  /** A folded block: its summary line, then {@code body} (itself blocks). */
  static String details(String summary, boolean open, String body) {
    return (open ? "<details open><summary>" : "<details><summary>")
        + summary
        + "</summary>\n\n"
        + body
        + "</details>\n\n";
  }

  /** A bullet list, one line per item. */
  static String list(List<String> items) {
    var list = new StringBuilder();
    items.forEach(item -> list.append("- ").append(item).append('\n'));
    return list.toString();
  }

  Blocks raw(String markdown) {
    out.append(markdown);
    return this;
  }

  StringBuilder text() {
    return out;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
