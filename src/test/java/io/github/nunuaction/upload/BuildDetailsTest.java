package io.github.nunuaction.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.core.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildDetailsTest {
  @TempDir Path dir;

  Map<String, String> runner() {
    var env = new HashMap<String, String>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_REPOSITORY", "studio/game");
    env.put("GITHUB_RUN_NUMBER", "42");
    env.put("GITHUB_RUN_ID", "9000001");
    env.put("GITHUB_WORKFLOW", "PR checks");
    env.put("GITHUB_ACTOR", "octocat");
    env.put("RUNNER_NAME", "GitHub Actions 7");
    env.put("GITHUB_SHA", "0000000000000000000000000000000000merge");
    return env;
  }

  @Test
  void pullRequestMetadataComesFromTheEventPayload() throws Exception {
    Path event = dir.resolve("event.json");
    Files.writeString(
        event,
        """
        {"pull_request": {"number": 17, "title": "Faster loading", "html_url": "https://github.com/studio/game/pull/17",
                          "head": {"sha": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0"}}}""");
    var env = runner();
    env.put("GITHUB_EVENT_PATH", event.toString());
    env.put("GITHUB_EVENT_NAME", "pull_request");
    env.put("GITHUB_REF", "refs/pull/17/merge");
    env.put("GITHUB_HEAD_REF", "feature/loading");
    env.put("GITHUB_BASE_REF", "main");

    JsonNode details = BuildDetails.from(GitHubContext.from(env)).toJson();

    assertThat(details)
        .isEqualTo(
            Json.MAPPER.readTree(
                """
        {"vcs": {"type": "git", "provider": "github", "repository_url": "https://github.com/studio/game",
                 "commit": {"hash": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0", "short_hash": "a1b2c3d", "author": "octocat"},
                 "branch": "feature/loading",
                 "pr": {"number": 17, "title": "Faster loading", "url": "https://github.com/studio/game/pull/17",
                        "source_branch": "feature/loading", "target_branch": "main"}},
         "ci": {"system": "github-actions", "build_number": "42", "job_name": "PR checks", "run_id": "9000001",
                "run_url": "https://github.com/studio/game/actions/runs/9000001", "triggered_by": "octocat", "agent": "GitHub Actions 7"},
         "upload": {"method": "github-action", "cli_version": "nunu-action %s", "uploader": "octocat"}}
        """
                    .formatted(Version.VERSION)));
  }

  @Test
  void pushesToTagsAndBranches() throws Exception {
    Path event = dir.resolve("push.json");
    Files.writeString(
        event,
        "{\"after\": \"ffffeeeeddddccccbbbbaaaa9999888877776666\", \"head_commit\": {\"id\": \"x\", \"message\": \"Release 1.2\"}}");
    var env = runner();
    env.put("GITHUB_EVENT_PATH", event.toString());
    env.put("GITHUB_REF", "refs/tags/v1.2.0");

    JsonNode vcs = BuildDetails.from(GitHubContext.from(env)).toJson().get("vcs");

    assertThat(vcs.get("tag").asText()).isEqualTo("v1.2.0");
    assertThat(vcs.has("branch")).isFalse();
    assertThat(vcs.at("/commit/hash").asText())
        .isEqualTo("ffffeeeeddddccccbbbbaaaa9999888877776666");
    assertThat(vcs.at("/commit/message").asText()).isEqualTo("Release 1.2");
    env.put("GITHUB_REF", "refs/heads/main");
    assertThat(BuildDetails.from(GitHubContext.from(env)).toJson().at("/vcs/branch").asText())
        .isEqualTo("main");
  }

  @Test
  void outsideActionsOnlyTheUploaderIsKnown() {
    JsonNode details = BuildDetails.from(GitHubContext.from(Map.of("USER", "builder"))).toJson();
    assertThat(details.has("vcs")).isFalse();
    assertThat(details.get("upload").get("method").asText()).isEqualTo("api");
    assertThat(details.get("upload").get("uploader").asText()).isEqualTo("builder");
  }
}
