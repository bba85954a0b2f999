package io.github.nunuaction.nunu;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deployment config as the list answers it (API.md 2.7): what it runs on, and where its apps come
 * from. Fields the answer leaves out are null: the spec spells {@code provider_type}, the docs'
 * example {@code providerType}, and {@code summary} may be missing.
 *
 * @param kind the platform kind, lower case ({@code android}, {@code ios}, {@code windows}, ...)
 * @param appSource the main app's source ({@code build_storage}, {@code preinstalled}, ...)
 * @param extraApps the extra apps' sources by app number (1-3), when the summary lists them
 */
public record DeploymentConfig(
    String id,
    String name,
    String kind,
    String providerType,
    String appSource,
    Map<Integer, String> extraApps,
    Boolean multiDevice) {

  public static final String BUILD_STORAGE = "build_storage";

  /**
   * Whether its main app takes a build from Build Storage: true, false, or null when the answer
   * does not say.
   */
  public Boolean takesBuilds() {
    if (appSource != null) {
      return appSource.equals(BUILD_STORAGE);
    }
    return providerType == null ? null : providerType.equals("build-storage");
  }

  static DeploymentConfig from(JsonNode json) {
    String id = Json.text(json, "id");
    if (id == null) {
      throw new IllegalArgumentException("a deployment config without an id");
    }
    JsonNode summary = Json.child(json, "summary");
    var extras = new HashMap<Integer, String>();
    for (JsonNode extra : Json.array(summary, "extra_apps")) {
      Long number = Json.integer(extra, "extra_app_number");
      String source = lower(Json.text(extra, "source"));
      if (number != null && source != null) {
        extras.put(number.intValue(), source);
      }
    }
    JsonNode multi = json.path("allow_multi_device_runs");
    return new DeploymentConfig(
        id,
        Json.text(json, "name"),
        lower(Json.text(json, "kind")),
        lower(Json.firstText(json, "provider_type", "providerType")),
        lower(Json.text(Json.child(summary, "app"), "source")),
        Map.copyOf(extras),
        multi.isBoolean() ? multi.asBoolean() : null);
  }

  private static String lower(String value) {
    return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
  }
}
