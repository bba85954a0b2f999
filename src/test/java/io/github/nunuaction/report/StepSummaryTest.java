package io.github.nunuaction.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.actions.Scrubber;
import io.github.nunuaction.results.Results;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSummaryTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/summary.md");
  final StepSummary steps = new StepSummary(new Markdown(new Scrubber()));

  /** To accept a deliberate change: delete the golden file, run the test, review the new file. */
  @Test
  void mixedResultsMatchTheGoldenSummary() throws Exception {
    matchesGolden(steps.render(ReportFixtures.mixed()), GOLDEN);
  }

  @Test
  void aRedPlanMatchesItsGoldenSummary() throws Exception {
    matchesGolden(
        steps.render(ReportFixtures.redPlan()), GOLDEN.resolveSibling("summary-red-plan.md"));
  }

  @Test
  void aGreenRunMatchesItsGoldenSummary() throws Exception {
    matchesGolden(steps.render(ReportFixtures.green()), GOLDEN.resolveSibling("summary-green.md"));
  }

  /** A job's only leg: its comment as one section, as the action writes it. */
  static String comment(Results results, String marker, String link) {
    String section =
        new ReviewComment(new Markdown(new Scrubber()))
            .section(results, "", link, ReviewComment.budgetFor(1));
    var only = new CommentBody.Section("0123456789abcdef", "", section);
    return new CommentBody(marker, List.of(only)).render(only.key());
  }

  @Test
  void theRedPlansCommentMatchesItsGolden() throws Exception {
    String comment =
        comment(
            ReportFixtures.redPlan(),
            "nunu-action comment 0123456789abcdef",
            "https://github.com/studio/game/actions/runs/9000001/job/44100000001");
    matchesGolden(comment, GOLDEN.resolveSibling("comment-red-plan.md"));
  }

  /** The README's "Flaky tests" shows these two, as GitHub renders them (DocsTest checks). */
  @Test
  void flakyAndQuarantinedTestsMatchTheirGoldenSummaryAndComment() throws Exception {
    Results results = ReportFixtures.flakyAndQuarantined();
    matchesGolden(
        new StepSummary(new Markdown(new Scrubber())).render(results),
        GOLDEN.resolveSibling("summary-flaky.md"));
    matchesGolden(
        comment(
            results,
            "nunu-action comment 0123456789abcdef",
            "https://github.com/studio/game/actions/runs/9000001/job/44100000001"),
        GOLDEN.resolveSibling("comment-flaky.md"));
  }

  @Test
  void theCommentStaysWithinGitHubsLimitAndSaysWhatItLeftOut() {
    String comment =
        comment(ReportFixtures.huge(5_000), "marker", "https://github.com/o/r/actions/runs/1");
    assertThat(comment.length()).isLessThanOrEqualTo(ReviewComment.MAX_CHARS);
    assertThat(comment)
        .startsWith(
            "<!-- marker -->\n<!-- nunu-action leg 0123456789abcdef sort= -->\n"
                + "### ❌ nunu.ai: 0 passed, 5000 failed, 0 bugs")
        .containsPattern("_\\d+ more failed tests: see the workflow run's summary._")
        .endsWith("</sub>\n<!-- /nunu-action leg 0123456789abcdef -->\n");
  }

  static void matchesGolden(String rendered, Path golden) throws Exception {
    if (!Files.exists(golden)) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, rendered);
      throw new AssertionError("wrote " + golden + "; review it and run again");
    }
    assertThat(rendered).isEqualTo(Files.readString(golden));
  }

  @Test
  void apiTextCannotAddMarkupLinksOrCommands() {
    String summary = steps.render(ReportFixtures.mixed());
    assertThat(summary)
        .doesNotContain(
            "<img",
            "<script",
            "<b>",
            "**menu**",
            "[click]",
            "https://evil",
            "::error::",
            "::set-output",
            "@everyone")
        .contains(
            "Crash on &#96;&#58;&#58;error&#58;&#58;&#96; &#91;click&#93;(https&#58;//evil.example/x?&#42;&#42;&#42;) &#60;img src=x onerror=alert(1)&#62;");
    // Every table row has exactly the seven pipes of its six cells, whatever the names contain.
    assertThat(
            summary
                .lines()
                .filter(line -> line.startsWith("| "))
                .filter(line -> line.chars().filter(c -> c == '|').count() != 7))
        .isEmpty();
  }

  @Test
  void secretsAreScrubbedBeforeEscaping() {
    var scrubber = new Scrubber();
    scrubber.addSecret("nunu_key_123");
    var markdown = new Markdown(scrubber);
    assertThat(markdown.text("echo nunu_key_123 and https://r2.example/p?X-Amz-Signature=abc"))
        .isEqualTo("echo &#42;&#42;&#42; and https&#58;//r2.example/p?&#42;&#42;&#42;");
  }

  @Test
  void staysUnderTheBudgetAndSaysWhatItLeftOut() {
    Results huge = ReportFixtures.huge(5_000);
    String summary = steps.render(huge);
    int bytes = summary.getBytes(StandardCharsets.UTF_8).length;

    assertThat(bytes)
        .isLessThanOrEqualTo(StepSummary.BUDGET_BYTES)
        .isGreaterThan(StepSummary.BUDGET_BYTES / 2);
    assertThat(summary)
        .startsWith("## ❌ nunu.ai: 0 passed, 5000 failed, 0 bugs")
        .contains(
            "Jobs `job-0`, `job-1`, `job-2`, `job-3`, `job-4`, `job-5`, `job-6`, `job-7`, `job-8`, `job-9` and 4990 more")
        .contains("more runs are listed in results.json")
        .contains(
            "left out to stay under GitHub's 1 MiB summary limit; results.json has everything.");
  }

  @Test
  void detailsStopAtTheFirstRunThatDoesNotFit() {
    String summary = steps.render(ReportFixtures.huge(30), 12_000);
    assertThat(summary.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(12_000);
    long shown =
        summary
            .lines()
            .filter(line -> line.startsWith("<details") && line.contains(" · run "))
            .count();
    assertThat(shown).isBetween(1L, 29L);
    assertThat(summary).contains("_The details of " + (30 - shown) + " runs were left out");
  }

  @Test
  void aSmallReportIsRenderedWhole() {
    String summary = steps.render(ReportFixtures.huge(3));
    assertThat(summary).doesNotContain("left out").contains("<details>", "run00000002");
  }
}
