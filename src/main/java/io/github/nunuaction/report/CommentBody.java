package io.github.nunuaction.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The action's pull request comment for one workflow job: its marker line first, then one section
 * per leg (matrix leg, or step with its own identity key), each between hidden start and end lines
 * that carry the leg's key and the label it sorts by. Sections of other legs are kept as they were
 * written. API text is escaped wherever it appears ({@code <} becomes a character reference), so it
 * can never produce a marker or a section line: only the action writes those.
 *
 * @param marker the comment's marker ({@code nunu-action comment <hash>})
 */
public record CommentBody(String marker, List<Section> sections) {
  /** GitHub refuses comments longer than this. */
  public static final int MAX_CHARS = ReviewComment.MAX_CHARS;

  private static final int BUDGET = 60_000;
  private static final Pattern SECTION =
      Pattern.compile(
          "<!-- nunu-action leg ([0-9a-f]{16}) sort=([0-9a-f]{0,160}) -->\\n(.*?)"
              + "<!-- /nunu-action leg \\1 -->\\n?",
          Pattern.DOTALL);

  /** A leg's part of the comment: its key, the label it sorts by, and its Markdown. */
  public record Section(String key, String label, String text) {}

  public CommentBody {
    sections = List.copyOf(sections);
  }

  /** The marker line a comment of this job starts with. */
  public static String markerLine(String marker) {
    return "<!-- " + marker + " -->\n";
  }

  /**
   * Whether {@code body} is this job's comment: it starts with the marker line. A marker quoted
   * elsewhere in a comment (a person's, or API text in another job's) does not count.
   */
  public static boolean isOurs(String body, String marker) {
    return body != null && normalized(body).startsWith(markerLine(marker));
  }

  /** The sections of one of this job's comments; text outside them is not kept. */
  public static CommentBody parse(String body, String marker) {
    var sections = new ArrayList<Section>();
    Matcher matcher = SECTION.matcher(normalized(body == null ? "" : body));
    while (matcher.find()) {
      sections.add(new Section(matcher.group(1), unhex(matcher.group(2)), matcher.group(3)));
    }
    return new CommentBody(marker, sections);
  }

  /** This body with {@code section} in place of the same leg's, or added. */
  public CommentBody with(Section section) {
    var merged = new ArrayList<Section>();
    for (Section existing : sections) {
      if (!existing.key().equals(section.key())) {
        merged.add(existing);
      }
    }
    merged.add(section);
    return new CommentBody(marker, merged);
  }

  /** Whether the leg's section is here with exactly this text. */
  public boolean has(Section section) {
    return find(section.key()).map(s -> s.text().equals(asWritten(section.text()))).orElse(false);
  }

  public Optional<Section> find(String key) {
    return sections.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /**
   * The comment: the marker line, then the sections in a stable order (by label, then key). When
   * the sections together would pass GitHub's limit, the largest ones other than {@code keep} are
   * cut to their first line.
   */
  public String render(String keep) {
    var ordered = new ArrayList<>(sections);
    ordered.sort(Comparator.comparing(Section::label).thenComparing(Section::key));
    while (length(ordered) > BUDGET) {
      Section largest =
          ordered.stream()
              .filter(s -> !s.key().equals(keep) && s.text().indexOf('\n') < s.text().length() - 1)
              .max(Comparator.comparingInt(s -> s.text().length()))
              .orElse(null);
      if (largest == null) {
        break;
      }
      String first = largest.text().substring(0, largest.text().indexOf('\n') + 1);
      ordered.set(
          ordered.indexOf(largest),
          new Section(
              largest.key(),
              largest.label(),
              first + "\n_Cut to fit GitHub's comment limit; the job's summary has it all._\n"));
    }
    var out = new StringBuilder(markerLine(marker));
    for (Section section : ordered) {
      out.append(wrapped(section));
    }
    return out.toString();
  }

  private static int length(List<Section> sections) {
    return sections.stream().mapToInt(s -> wrapped(s).length()).sum();
  }

  private static String wrapped(Section section) {
    return "<!-- nunu-action leg "
        + section.key()
        + " sort="
        + hex(section.label())
        + " -->\n"
        + asWritten(section.text())
        + "<!-- /nunu-action leg "
        + section.key()
        + " -->\n";
  }

  /** A section's text as it stands in the comment: plain line ends, and a last one. */
  private static String asWritten(String text) {
    String plain = normalized(text);
    return plain.endsWith("\n") ? plain : plain + "\n";
  }

  /** Line ends as GitHub may store them, made plain. */
  private static String normalized(String text) {
    return text.replace("\r\n", "\n");
  }

  private static String hex(String label) {
    byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 80));
  }

  private static String unhex(String hex) {
    try {
      return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException odd) {
      return "";
    }
  }
}
