package io.github.nunuaction.report;

import io.github.nunuaction.actions.Scrubber;

/**
 * Escapes untrusted text for GitHub-flavoured Markdown that also allows HTML. Every character that
 * could start emphasis, code, a link, an autolink (scheme colon, {@code www.}, e-mail), a mention,
 * an issue reference, math, an HTML tag or entity, or a table cell becomes a numeric character
 * reference, which GitHub renders as the character itself and never as markup. Untrusted text never
 * starts a line here, so line-start markup (lists, headings, quotes) cannot arise.
 *
 * <p>Secrets are scrubbed before escaping: escaped, a key or a presigned URL no longer looks like
 * one, and scrubbing the finished page would miss it.
 */
public final class Markdown {
  private static final String SPECIAL = "\\`*_[]<>#|~&:@$";

  private final Scrubber scrubber;

  public Markdown(Scrubber scrubber) {
    this.scrubber = scrubber;
  }

  /** Inline text: line breaks become {@code <br>}, so a table row stays one row. */
  public String text(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String untrusted = scrubber.scrub(text);
    var out = new StringBuilder(untrusted.length() + 16);
    int length = untrusted.length();
    for (int i = 0; i < length; i++) {
      char c = untrusted.charAt(i);
      if (c == '\r') {
        if (i + 1 < length && untrusted.charAt(i + 1) == '\n') {
          i++;
        }
        out.append("<br>");
      } else if (c == '\n') {
        out.append("<br>");
      } else if (Character.isISOControl(c) && c != '\t') {
        out.append('\uFFFD');
      } else if (SPECIAL.indexOf(c) >= 0
          || (c == '.' && i >= 3 && untrusted.regionMatches(true, i - 3, "www", 0, 3))) {
        out.append("&#").append((int) c).append(';');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** An id as inline code; anything but a plain token is escaped text instead (no code span). */
  public String code(String id) {
    if (id == null || id.isEmpty()) {
      return "";
    }
    return id.matches("[A-Za-z0-9_.:-]{1,200}") ? "`" + id + "`" : text(id);
  }

  /** Text cut to {@code max} characters (before escaping), with an ellipsis when cut. */
  public String text(String untrusted, int max) {
    if (untrusted != null && untrusted.length() > max) {
      return text(untrusted.substring(0, max)) + "…";
    }
    return text(untrusted);
  }
}
