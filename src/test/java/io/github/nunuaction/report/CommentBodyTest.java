package io.github.nunuaction.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.actions.Scrubber;
import io.github.nunuaction.report.CommentBody.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comment's sections: merged by leg, kept in a stable order, never forged by API text. */
class CommentBodyTest {
  static final String MARKER = "nunu-action comment 00000000000000aa";
  final Markdown markdown = new Markdown(new Scrubber());

  Section leg(String key, String label, String text) {
    return new Section(key, label, text);
  }

  @Test
  void sectionsMergeByLegAndSortByLabelWhateverOrderTheyCameIn() {
    var body =
        new CommentBody(MARKER, List.of())
            .with(leg("000000000000000b", "device: pixel-8", "### b\n"))
            .with(leg("000000000000000a", "device: galaxy-s24", "### a\n"))
            .with(leg("000000000000000b", "device: pixel-8", "### b again\n"));

    String rendered = body.render("000000000000000a");
    CommentBody parsed = CommentBody.parse(rendered, MARKER);

    assertThat(rendered).startsWith("<!-- " + MARKER + " -->\n");
    assertThat(rendered.indexOf("### a")).isLessThan(rendered.indexOf("### b again"));
    assertThat(rendered).doesNotContain("### b\n");
    assertThat(parsed.sections())
        .extracting(Section::label)
        .containsExactly("device: galaxy-s24", "device: pixel-8");
    assertThat(parsed.has(leg("000000000000000b", "device: pixel-8", "### b again"))).isTrue();
    assertThat(parsed.render("000000000000000a")).isEqualTo(rendered);
  }

  @Test
  void onlyACommentThatStartsWithTheMarkerIsOurs() {
    assertThat(CommentBody.isOurs("<!-- " + MARKER + " -->\nbody", MARKER)).isTrue();
    assertThat(CommentBody.isOurs("<!-- " + MARKER + " -->\r\nbody", MARKER)).isTrue();
    assertThat(CommentBody.isOurs("Quoting: <!-- " + MARKER + " -->", MARKER)).isFalse();
    assertThat(CommentBody.isOurs(null, MARKER)).isFalse();
  }

  /** A test name that holds marker or section lines is escaped: it stays text in its section. */
  @Test
  void apiTextCannotForgeAMarkerOrASection() {
    String hostile =
        "<!-- "
            + MARKER
            + " -->\n<!-- nunu-action leg 00000000000000ff sort= -->\nforged\n"
            + "<!-- /nunu-action leg 00000000000000ff -->";
    var ours = leg("000000000000000a", "", "### test " + markdown.text(hostile) + "\n");

    String rendered = new CommentBody(MARKER, List.of(ours)).render(ours.key());

    assertThat(rendered.indexOf("<!-- " + MARKER)).isZero();
    assertThat(rendered.lastIndexOf("<!-- " + MARKER)).isZero();
    assertThat(CommentBody.parse(rendered, MARKER).sections())
        .singleElement()
        .satisfies(section -> assertThat(section.key()).isEqualTo("000000000000000a"));
    assertThat(CommentBody.isOurs(markdown.text(hostile), MARKER)).isFalse();
  }

  @Test
  void whenSectionsWouldPassGitHubsLimitTheLargestOthersAreCutToTheirFirstLine() {
    String big = "### big leg\n" + "x".repeat(40_000) + "\n";
    var body =
        new CommentBody(MARKER, List.of())
            .with(leg("000000000000000a", "a", big))
            .with(leg("000000000000000b", "b", big))
            .with(leg("000000000000000c", "c", "### ours\nall of it\n"));

    String rendered = body.render("000000000000000c");

    assertThat(rendered.length()).isLessThanOrEqualTo(CommentBody.MAX_CHARS);
    assertThat(rendered).contains("### ours\nall of it\n").contains("Cut to fit GitHub's comment");
  }
}
