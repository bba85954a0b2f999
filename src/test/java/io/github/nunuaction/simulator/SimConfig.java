package io.github.nunuaction.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deployment config of the simulated project (API.md 2.7): where its main app and its extra apps
 * come from, and the devices a multi-device run uses.
 *
 * @param appSource {@code build_storage}, {@code skip_install}, {@code preinstalled} or {@code
 *     read_only}
 * @param extraApps the extra apps' sources, by app number (1-3)
 * @param devices the device labels; more than one allows multi-device runs
 * @param platformKind the players' platform kind in run details ({@code android-native})
 */
public record SimConfig(
    String id,
    String name,
    String kind,
    String appSource,
    Map<Integer, String> extraApps,
    List<String> devices,
    String platformKind) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public SimConfig {
    extraApps = new TreeMap<>(extraApps);
    devices = List.copyOf(devices);
  }

  public boolean takesBuilds() {
    return appSource.equals("build_storage");
  }

  public boolean multiDevice() {
    return devices.size() > 1;
  }

  /** As the list answers it: the spec's field names, {@code provider_type} among them. */
  ObjectNode json() {
    ObjectNode json = JSON.createObjectNode();
    json.put("id", id).put("name", name).put("description", name).put("kind", kind);
    json.put("pinned", false);
    json.put("provider_type", takesBuilds() ? "build-storage" : "direct-url");
    json.put("allow_multi_device_runs", multiDevice());
    ArrayNode labels = json.putArray("device_labels");
    devices.forEach(labels::add);
    ObjectNode summary = json.putObject("summary");
    summary.put("deployment_config_id", id).put("name", name);
    summary.put("platform", kind.equals("ios") ? "ios" : kind.equals("android") ? "android" : kind);
    summary.putObject("app").put("source", appSource).put("file_format", "file");
    ArrayNode extras = summary.putArray("extra_apps");
    extraApps.forEach(
        (number, source) ->
            extras
                .addObject()
                .put("extra_app_number", number)
                .put("source", source)
                .put("file_format", "file"));
    return json;
  }
}
