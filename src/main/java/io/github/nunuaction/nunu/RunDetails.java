package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.ArrayList;
import java.util.List;

/** Get Run: a multiplayer run with its players, their steps and artifacts. Text is untrusted. */
public record RunDetails(
    String result,
    String testName,
    String testType,
    Double durationMs,
    Long bugCount,
    BuildRef build,
    List<Player> players,
    List<App> apps) {

  /** The build the run used ({@code build {id, name}}), when it says. */
  public record BuildRef(String id, String name) {}

  /**
   * An app the run installed (API.md 2.2.3, {@code apps[]}): the main app or an extra one, for
   * every player or (when deployments differ per player) for one.
   *
   * @param role {@code main} or {@code extra}
   */
  public record App(
      String role, Long extraAppNumber, Long playerNumber, String buildId, String buildName) {}

  /** The apps player {@code number} ran with: its own, and those of every player. */
  public List<App> appsOf(Long number) {
    return apps.stream()
        .filter(app -> app.playerNumber() == null || app.playerNumber().equals(number))
        .toList();
  }

  /**
   * @param stepCount its steps, and {@code completedSteps} those that succeeded (API.md 2.2.3)
   */
  public record Player(
      String id,
      Long number,
      String testName,
      String result,
      String platform,
      String device,
      Long stepCount,
      Long completedSteps,
      List<Step> steps,
      List<Artifact> artifacts) {}

  public record Step(
      Long number,
      String result,
      String goal,
      String report,
      Double durationMs,
      List<Item> items) {}

  /** A verification item of a step: expected behaviour and the agent's verdict. */
  public record Item(String id, String expected, String status, String comment) {}

  public record Artifact(String filename, String url, Long size) {}

  /** The artifacts host's list (API.md 2.5): those with a file name and a URL. */
  static List<Artifact> artifacts(JsonNode json) {
    return Json.array(json, "artifacts").stream()
        .map(RunDetails::artifact)
        .filter(a -> a.filename() != null && a.url() != null)
        .toList();
  }

  static RunDetails from(JsonNode json) {
    JsonNode body = Envelope.unwrap(json, "multiplayer_run_id");
    JsonNode test = Json.child(body, "test");
    return new RunDetails(
        Job.upper(Json.text(body, "result")),
        Json.text(test, "name"),
        Json.text(test, "type"),
        Json.number(body, "duration_ms"),
        Json.integer(Json.child(body, "bug_info"), "bug_count"),
        build(Json.child(body, "build")),
        Json.array(body, "players").stream().map(RunDetails::player).toList(),
        Json.array(body, "apps").stream()
            .map(
                app ->
                    new App(
                        Json.text(app, "role"),
                        Json.integer(app, "extra_app_number"),
                        Json.integer(app, "player_number"),
                        Json.text(app, "build_id"),
                        Json.text(app, "build_name")))
            .filter(app -> app.buildId() != null)
            .toList());
  }

  private static Player player(JsonNode player) {
    JsonNode platform = Json.child(player, "platform");
    return new Player(
        Json.text(player, "id"),
        Json.integer(player, "player_number"),
        Json.text(player, "test_name"),
        Job.upper(Json.text(player, "result")),
        Json.firstText(platform, "kind", "type"),
        device(platform),
        Json.integer(player, "step_count"),
        Json.integer(player, "completed_step_count"),
        Json.array(player, "steps").stream().map(RunDetails::step).toList(),
        Json.array(player, "artifacts").stream()
            .map(RunDetails::artifact)
            .filter(a -> a.filename() != null)
            .toList());
  }

  private static BuildRef build(JsonNode build) {
    String id = Json.text(build, "id");
    return id == null ? null : new BuildRef(id, Json.text(build, "name"));
  }

  /** An artifact as Get Run and the artifacts host both list it. */
  static Artifact artifact(JsonNode artifact) {
    return new Artifact(
        Json.text(artifact, "filename"),
        Json.text(artifact, "url"),
        Json.integer(artifact, "size"));
  }

  /**
   * {@code {type, device: "Pixel"}} (older) or {@code {kind, config: {device: {name,
   * os_version}}}}.
   */
  private static String device(JsonNode platform) {
    if (platform == null) {
      return null;
    }
    String plain = Json.text(platform, "device");
    if (plain != null) {
      return plain;
    }
    JsonNode device = Json.child(Json.child(platform, "config"), "device");
    String name = Json.text(device, "name");
    String os = Json.text(device, "os_version");
    return name == null ? null : os == null ? name : name + " (" + os + ")";
  }

  private static Step step(JsonNode step) {
    JsonNode test = Json.child(step, "test");
    var items = new ArrayList<Item>();
    for (JsonNode item : Json.array(step, "items")) {
      items.add(
          new Item(
              Json.text(item, "id"),
              Json.text(item, "expected"),
              Json.text(item, "status"),
              Json.text(item, "comment")));
    }
    return new Step(
        Json.integer(step, "step_number"),
        Job.upper(Json.text(step, "run_result")),
        Json.text(test, "goal"),
        Json.text(step, "report"),
        Json.number(step, "duration_ms"),
        List.copyOf(items));
  }
}
