package io.github.nunuaction.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.config.Inputs.Build;
import io.github.nunuaction.config.Inputs.ExistingBuild;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.InstructionsTarget;
import io.github.nunuaction.config.Inputs.PlanTarget;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.config.Inputs.TestTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Which workflow run started a run or uploaded a build, as tags (README, "Run identity"): the
 * repository, the workflow run and its attempt, the workflow and job, the pull request, the ref,
 * the commit, and the step's target. Each tag is at most 50 characters and the same every time for
 * the same values: a value that would make it longer, or that holds a comma (the tags filter's
 * separator), is replaced by {@code ~} and 16 hex digits of its SHA-256.
 *
 * <p>Outside GitHub Actions there is no workflow run: {@link #of} gives none, and the features that
 * need one (supersede, rerun, finding runs after a lost answer) do nothing.
 */
public record Identity(
    String repository,
    String runId,
    int attempt,
    String workflow,
    String job,
    Long pullRequest,
    String ref,
    String sha,
    String target) {

  static final int MAX_TAG = 50;
  public static final String RUN = "gh-run:";
  public static final String ATTEMPT = "gh-attempt:";
  private static final String HASH_TAG = "sha256:";
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** The identity of this step, or empty outside a workflow run. */
  public static Optional<Identity> of(GitHubContext context, Inputs inputs) {
    if (!context.inActions() || context.repository() == null || context.runId() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Identity(
            context.repository(),
            context.runId(),
            context.runAttempt(),
            context.workflow(),
            context.job(),
            context.pullRequest() == null ? null : context.pullRequest().number(),
            context.ref(),
            context.headSha(),
            targetKey(inputs.run(), inputs.build())));
  }

  /** Every tag: what the action puts on the runs it starts and the builds it uploads. */
  public List<String> tags() {
    var tags = new ArrayList<String>();
    tags.add(tag("gh-repo:", repository));
    if (workflow != null) {
      tags.add(tag("gh-workflow:", workflow));
    }
    if (job != null) {
      tags.add(tag("gh-job:", job));
    }
    tags.add(tag(RUN, runId));
    tags.add(attemptTag());
    if (pullRequest != null) {
      tags.add(tag("gh-pr:", String.valueOf(pullRequest)));
    }
    if (ref != null) {
      tags.add(tag("gh-ref:", ref));
    }
    if (sha != null) {
      tags.add(tag("gh-sha:", sha));
    }
    tags.add(tag("gh-target:", target));
    return List.copyOf(tags);
  }

  /** The runs this attempt of this step started. */
  public List<String> thisAttempt() {
    return List.of(
        tag("gh-repo:", repository), tag("gh-job:", job), attemptTag(), tag("gh-target:", target));
  }

  /** The tag of this attempt of this workflow run, by which a user finds its runs in nunu. */
  public String attemptTag() {
    return tag(ATTEMPT, runId + "-" + attempt);
  }

  /** The runs any attempt of this workflow run started for this step. */
  public List<String> everyAttempt() {
    return List.of(
        tag("gh-repo:", repository),
        tag("gh-job:", job),
        tag(RUN, runId),
        tag("gh-target:", target));
  }

  /**
   * The runs that any run of this workflow started for this step and the same pull request ({@code
   * byPullRequest}) or ref; empty when this run has no pull request to match.
   */
  public Optional<List<String>> sameStep(boolean byPullRequest) {
    if (byPullRequest && pullRequest == null || !byPullRequest && ref == null) {
      return Optional.empty();
    }
    return Optional.of(
        List.of(
            tag("gh-repo:", repository),
            tag("gh-workflow:", workflow),
            tag("gh-job:", job),
            tag("gh-target:", target),
            byPullRequest ? tag("gh-pr:", String.valueOf(pullRequest)) : tag("gh-ref:", ref)));
  }

  /**
   * The hidden line by which this step's pull request comment is found again: one comment per
   * workflow, job and target, whatever the run or attempt.
   */
  public String commentMarker() {
    return "nunu-action comment " + sha256(workflow + "|" + job + "|" + target).substring(0, 16);
  }

  /** The tag of this workflow run: its runs are never another run's baseline. */
  public String thisRunTag() {
    return tag(RUN, runId);
  }

  /**
   * The runs of this step's target on {@code branch} (its {@code refs/heads/} ref) in this
   * repository: the same test on the same config, agent, template data and options, which is what
   * makes two runs comparable.
   */
  public List<String> onBranch(String branch) {
    return List.of(
        tag("gh-repo:", repository),
        tag("gh-ref:", "refs/heads/" + branch),
        tag("gh-target:", target));
  }

  /** The tag that names a build's content: 40 hex digits (160 bits) of its SHA-256. */
  public static String contentTag(String sha256Hex) {
    return HASH_TAG + sha256Hex.substring(0, MAX_TAG - HASH_TAG.length() - 3);
  }

  /** The workflow run id in a run's tags, or empty. */
  public static Optional<Long> runIdOf(List<String> tags) {
    for (String tag : tags) {
      if (tag.startsWith(RUN)) {
        try {
          return Optional.of(Long.parseLong(tag.substring(RUN.length())));
        } catch (NumberFormatException notOurs) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The attempt in a run's tags ({@code gh-attempt:<run>-<n>}), or 0. */
  public static int attemptOf(List<String> tags) {
    for (String tag : tags) {
      if (tag.startsWith(ATTEMPT)) {
        String value = tag.substring(ATTEMPT.length());
        try {
          return Integer.parseInt(value.substring(value.lastIndexOf('-') + 1));
        } catch (NumberFormatException notOurs) {
          return 0;
        }
      }
    }
    return 0;
  }

  /** {@code prefix + value}, or the value's hash where it is too long or holds a comma. */
  static String tag(String prefix, String value) {
    String text = value == null ? "" : value;
    if (prefix.length() + text.length() <= MAX_TAG && text.indexOf(',') < 0) {
      return prefix + text;
    }
    return prefix + "~" + sha256(text).substring(0, 16);
  }

  /**
   * What this step starts, on which config, agent, template data, options and build input: the same
   * for every attempt and every push, different for two steps of one job (or two legs of a matrix)
   * that start other things, or whose runs cannot be compared.
   */
  static String targetKey(Run run, Build build) {
    String what =
        run == null
            ? "upload"
            : switch (run.target()) {
              case TestTarget test -> "test:" + test.testId();
              case PlanTarget plan -> "plan:" + plan.testPlanId();
              case InstructionsTarget instructions -> "instructions:" + instructions.text();
            };
    String on =
        switch (build) {
          case FileToUpload file -> "file:" + file.pattern();
          case ExistingBuild existing -> "build:" + existing.buildId();
          default -> "none";
        };
    String config = run == null ? "" : run.deploymentConfigId();
    String how =
        run == null
            ? ""
            : run.agentConfigId()
                + "|"
                + canonical(run.templateData())
                + "|"
                + canonical(run.options());
    return sha256(what + "|" + config + "|" + on + "|" + how).substring(0, 12);
  }

  /** A JSON value with its keys sorted, so that the same map always hashes the same. */
  private static String canonical(JsonNode value) {
    if (value == null) {
      return "";
    }
    try {
      return CANONICAL.writeValueAsString(CANONICAL.treeToValue(value, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed input is JSON", e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
