package io.github.nunuaction.results;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build the run uses, by its role: {@code main} (the build of {@code deployment-config-id}),
 * {@code extra-1} to {@code extra-3} (its extra apps), {@code player-2} and {@code
 * player-2-extra-1} (a player's own deployment).
 *
 * @param upload how it was uploaded or found (reused), or null for a build id given as an input
 */
public record RoleBuild(String role, String buildId, UploadedBuild upload) {
  public static final String MAIN = "main";

  /** The build of {@code deployment-config-id}, if the run has one. */
  public static Optional<RoleBuild> main(List<RoleBuild> builds) {
    return builds.stream().filter(build -> build.role().equals(MAIN)).findFirst();
  }

  /** Role to build id, in the order given. */
  public static Map<String, String> ids(List<RoleBuild> builds) {
    var ids = new LinkedHashMap<String, String>();
    builds.forEach(build -> ids.put(build.role(), build.buildId()));
    return ids;
  }
}
