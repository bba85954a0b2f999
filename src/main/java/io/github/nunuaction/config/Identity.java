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
 * the commit, and the step's leg: a key for everything that makes what it starts differ (the
 * target, configs, builds, agent, template data, options, instances, retries, the matrix values),
 * or the {@code identity-key} input. Each tag is at most 50 characters and the same every time for
 * the same values: a value that would make it longer, or that holds a comma (the tags filter's
 * separator), is replaced by {@code ~} and 16 hex digits of its SHA-256.
 *
 * <p>Outside GitHub Actions there is no workflow run: {@link #of} gives none, and the features that
 * need one (supersede, rerun, finding runs after a lost answer) do nothing.
 *
 * @param ref the ref the runs belong to ({@link GitHubContext#identityRef()})
 * @param leg the leg key: {@code identity-key}, or 12 hex digits of the derived key
 * @param legLabel how people tell the leg apart: its matrix values, else the identity key; empty
 *     for a job's only leg
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
    String leg,
    String legLabel) {

  static final int MAX_TAG = 50;
  public static final String RUN = "gh-run:";
  public static final String ATTEMPT = "gh-attempt:";
  public static final String LEG = "gh-leg:";
  public static final String RETRY = "gh-retry:";
  private static final String HASH_TAG = "sha256:";
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** The identity of this step, or empty outside a workflow run. */
  public static Optional<Identity> of(GitHubContext context, Inputs inputs) {
    if (!context.inActions() || context.repository() == null || context.runId() == null) {
      return Optional.empty();
    }
    Inputs.Leg leg = inputs.leg() == null ? Inputs.Leg.NONE : inputs.leg();
    return Optional.of(
        new Identity(
            context.repository(),
            context.runId(),
            context.runAttempt(),
            context.workflow(),
            context.job(),
            context.pullRequest() == null ? null : context.pullRequest().number(),
            context.identityRef(),
            context.headSha(),
            leg.identityKey() != null ? leg.identityKey() : legKey(inputs, leg.matrix()),
            label(leg)));
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
    tags.add(legTag());
    return List.copyOf(tags);
  }

  /** The runs this attempt of this step started. */
  public List<String> thisAttempt() {
    return List.of(tag("gh-repo:", repository), tag("gh-job:", job), attemptTag(), legTag());
  }

  /** The tag of this step's leg. */
  public String legTag() {
    return tag(LEG, leg);
  }

  /** The tag of this attempt of this workflow run, by which a user finds its runs in nunu. */
  public String attemptTag() {
    return tag(ATTEMPT, runId + "-" + attempt);
  }

  /** The runs any attempt of this workflow run started for this step. */
  public List<String> everyAttempt() {
    return List.of(tag("gh-repo:", repository), tag("gh-job:", job), tag(RUN, runId), legTag());
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
            legTag(),
            byPullRequest ? tag("gh-pr:", String.valueOf(pullRequest)) : tag("gh-ref:", ref)));
  }

  /**
   * The hidden line by which this job's pull request comment is found again: one comment per
   * workflow and job, whatever the run, attempt or leg.
   */
  public String commentMarker() {
    return "nunu-action comment " + sha256(workflow + "|" + job).substring(0, 16);
  }

  /** The leg's section of that comment, by a key that no identity-key can break out of. */
  public String sectionKey() {
    return sha256(leg).substring(0, 16);
  }

  /** The tag of this workflow run: its runs are never another run's baseline. */
  public String thisRunTag() {
    return tag(RUN, runId);
  }

  /**
   * The runs of this step's leg on {@code branch} (its {@code refs/heads/} ref) in this repository:
   * the same test on the same configs, agent, template data and options, which is what makes two
   * runs comparable.
   */
  public List<String> onBranch(String branch) {
    return List.of(tag("gh-repo:", repository), tag("gh-ref:", "refs/heads/" + branch), legTag());
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

  /** The tag of a test's {@code n}th start again within a step ({@code retry-failed}). */
  public static String retryTag(int n) {
    return RETRY + n;
  }

  /** Which retry a run's tags say it is ({@code gh-retry:<n>}), or 0 for a first try. */
  public static int retryOf(List<String> tags) {
    for (String tag : tags) {
      if (tag.startsWith(RETRY)) {
        try {
          return Integer.parseInt(tag.substring(RETRY.length()));
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
   * The derived leg key: everything that changes what this step starts (the target, the deployment
   * configs and builds of every player and app, every device, the agent, template data, options,
   * instances and retries) and the matrix values. The same for every attempt and every push;
   * different for two steps of one job or two legs of a matrix that start other things. A build is
   * counted by how it is named: a file by its pattern, a build id as "a build id" (a new build each
   * push is still the same leg).
   */
  static String legKey(Inputs inputs, String matrix) {
    Run run = inputs.run();
    var key = new StringBuilder();
    if (run == null) {
      key.append("upload");
    } else {
      key.append(
          switch (run.target()) {
            case TestTarget test ->
                "test:" + test.testId() + "|" + test.instances() + "|" + test.retries();
            case PlanTarget plan -> "plan:" + plan.testPlanId();
            case InstructionsTarget instructions -> "instructions:" + instructions.text();
          });
      key.append("|config:").append(run.deploymentConfigId());
      run.extraBuilds()
          .forEach(
              (app, extra) -> key.append("|extra-").append(app).append(':').append(named(extra)));
      run.players()
          .forEach(
              (number, player) -> {
                key.append("|player-").append(number).append(':');
                key.append(player.deploymentConfigId()).append(',').append(named(player.build()));
                player
                    .extraBuilds()
                    .forEach(
                        (app, extra) -> key.append(",extra-").append(app).append(named(extra)));
              });
      key.append("|all-devices:").append(run.allDevices());
      key.append("|agent:").append(run.agentConfigId());
      key.append("|template:").append(canonical(run.templateData()));
      key.append("|options:").append(canonical(run.options()));
    }
    key.append("|build:").append(named(inputs.build()));
    key.append("|matrix:").append(canonicalText(matrix));
    return sha256(key.toString()).substring(0, 12);
  }

  private static String named(Build build) {
    return switch (build) {
      case FileToUpload file -> "file:" + file.pattern();
      case ExistingBuild existing -> "build-id";
      default -> "none";
    };
  }

  /** The matrix values as JSON with sorted keys; text that is not JSON, as it is. */
  private static String canonicalText(String matrix) {
    if (matrix == null) {
      return "";
    }
    try {
      return canonical(CANONICAL.readTree(matrix));
    } catch (JsonProcessingException notJson) {
      return matrix;
    }
  }

  /** How the leg is told apart: {@code device: pixel-8 · flavor: free}, else the identity key. */
  static String label(Inputs.Leg leg) {
    if (leg.matrix() != null) {
      try {
        JsonNode matrix = CANONICAL.readTree(leg.matrix());
        if (matrix != null && matrix.isObject()) {
          var parts = new ArrayList<String>();
          matrix
              .properties()
              .forEach(
                  entry ->
                      parts.add(
                          entry.getKey()
                              + ": "
                              + (entry.getValue().isValueNode()
                                  ? entry.getValue().asText()
                                  : entry.getValue().toString())));
          return String.join(" · ", parts);
        }
      } catch (JsonProcessingException notJson) {
        return leg.matrix();
      }
    }
    return leg.identityKey() == null ? "" : leg.identityKey();
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
