package io.github.nunuaction.runs;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.config.InputParser.Problem;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.Build;
import io.github.nunuaction.config.Inputs.ExistingBuild;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.NoBuild;
import io.github.nunuaction.config.Inputs.Platform;
import io.github.nunuaction.config.Inputs.Run;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.nunu.DeploymentConfig;
import io.github.nunuaction.nunu.Listed;
import io.github.nunuaction.nunu.NunuApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Before a byte is uploaded: reads the deployment configs the run will use and checks what
 * start-run would otherwise refuse with a 400 after the whole upload (API.md 2.2.1, 2.7): a build
 * for an app that does not take builds from Build Storage, a build whose platform is not the
 * config's, an extra app the config does not have, all devices of a config without multi-device
 * runs. A key that may not read configs ({@code project:view-configs}), or an answer that does not
 * say, skips the check with one notice.
 */
public final class Preflight {
  private final NunuApi api;
  private final Log log;
  // Whether the list was read to its end: only then does a config missing from it not exist.
  private boolean complete;

  public Preflight(NunuApi api, Log log) {
    this.api = api;
    this.log = log;
  }

  /** What refuses the run, by input; empty when nothing does (or nothing could be checked). */
  public List<Problem> check(Inputs inputs) {
    Run run = inputs.run();
    if (run == null || !needed(inputs.build(), run)) {
      return List.of();
    }
    Map<String, DeploymentConfig> configs;
    try {
      Listed<DeploymentConfig> listed = api.deploymentConfigs();
      complete = listed.complete();
      configs =
          listed.matching().stream()
              .collect(Collectors.toMap(DeploymentConfig::id, Function.identity(), (a, b) -> a));
    } catch (ApiException e) {
      log.notice(
          "The deployment configs were not checked before uploading ("
              + (e.status() == 403
                  ? "the API key may not read them: grant it project:view-configs to have them"
                      + " checked"
                  : e.getMessage())
              + "); nunu checks them when the run starts.",
          "Deployment configs");
      return List.of();
    }
    var problems = new ArrayList<Problem>();
    if (run.deploymentConfigId() != null) {
      check(
          "deployment-config-id",
          configs.get(run.deploymentConfigId()),
          run.deploymentConfigId(),
          inputs.build(),
          inputs.build() instanceof ExistingBuild ? "build-id" : "build-file",
          run.extraBuilds(),
          "extra-builds",
          problems);
      DeploymentConfig config = configs.get(run.deploymentConfigId());
      if (run.allDevices() && config != null && Boolean.FALSE.equals(config.multiDevice())) {
        problems.add(
            new Problem(
                "all-devices",
                "asks for a run on every device of deployment config "
                    + label(config)
                    + ", which does not allow multi-device runs; turn them on in nunu, or leave"
                    + " all-devices out"));
      }
    }
    run.players()
        .forEach(
            (number, player) ->
                check(
                    "players",
                    configs.get(player.deploymentConfigId()),
                    player.deploymentConfigId(),
                    player.build(),
                    "players",
                    player.extraBuilds(),
                    "players",
                    problems));
    return problems;
  }

  /** Only a run that sends builds, or asks for every device, has something to check. */
  private static boolean needed(Build main, Run run) {
    return !(main instanceof NoBuild)
        || !run.extraBuilds().isEmpty()
        || run.allDevices()
        || run.players().values().stream()
            .anyMatch(p -> !(p.build() instanceof NoBuild) || !p.extraBuilds().isEmpty());
  }

  /** One deployment: its config exists, and takes each build it gets. */
  private void check(
      String configInput,
      DeploymentConfig config,
      String configId,
      Build main,
      String mainInput,
      Map<Integer, Build> extras,
      String extrasInput,
      List<Problem> problems) {
    if (config == null && !complete) {
      log.notice(
          "Deployment config "
              + configId
              + " was not on the pages of configs read; nunu checks it when the run starts.",
          "Deployment configs");
      return;
    }
    if (config == null) {
      problems.add(
          new Problem(
              configInput,
              "names deployment config "
                  + configId
                  + ", which this project does not have (is project-id right? nunu lists them"
                  + " under Project, Deployment configs)"));
      return;
    }
    if (!(main instanceof NoBuild)) {
      Boolean takes = config.takesBuilds();
      if (takes == null) {
        log.notice(
            "Deployment config "
                + label(config)
                + " does not say where its app comes from; nunu checks that when the run starts.",
            "Deployment configs");
      } else if (!takes) {
        problems.add(
            new Problem(
                mainInput,
                "is a build for deployment config "
                    + label(config)
                    + ", whose app does not come from Build Storage"
                    + (config.appSource() == null ? "" : " (" + config.appSource() + ")")
                    + ": nunu would refuse it after the upload. Use a config that takes builds"
                    + " from Build Storage, or leave the build out"));
      }
      platform(mainInput, config, main, "the build", problems);
    }
    extras.forEach(
        (app, build) -> {
          String source = config.extraApps().get(app);
          if (source == null && !config.extraApps().isEmpty()) {
            problems.add(
                new Problem(
                    extrasInput,
                    "names extra app "
                        + app
                        + ", which deployment config "
                        + label(config)
                        + " does not have (it has "
                        + config.extraApps().keySet()
                        + ")"));
          } else if (source != null && !source.equals(DeploymentConfig.BUILD_STORAGE)) {
            problems.add(
                new Problem(
                    extrasInput,
                    "gives a build for extra app "
                        + app
                        + " of deployment config "
                        + label(config)
                        + ", which does not take builds from Build Storage ("
                        + source
                        + ")"));
          }
          platform(extrasInput, config, build, "the build of extra app " + app, problems);
        });
  }

  /** A file's platform against the config's kind; a build id's platform is nunu's to check. */
  private static void platform(
      String input, DeploymentConfig config, Build build, String what, List<Problem> problems) {
    if (build instanceof FileToUpload file && !fits(config.kind(), file.platform())) {
      problems.add(
          new Problem(
              input,
              "sends "
                  + what
                  + " ("
                  + file.file().getFileName()
                  + ", "
                  + file.platform().apiName()
                  + ") to deployment config "
                  + label(config)
                  + ", which runs on "
                  + config.kind()
                  + ": give it a "
                  + config.kind()
                  + " build, or another deployment config"));
    }
  }

  static boolean fits(String kind, Platform platform) {
    if (kind == null || platform == null) {
      return true;
    }
    return switch (kind) {
      case "android" -> platform == Platform.ANDROID;
      case "ios" -> platform == Platform.IOS_NATIVE || platform == Platform.IOS_SIMULATOR;
      case "windows" -> platform == Platform.WINDOWS;
      case "macos" -> platform == Platform.MACOS;
      case "linux" -> platform == Platform.LINUX;
      case "xbox" -> platform == Platform.XBOX;
      case "playstation" -> platform == Platform.PLAYSTATION;
      default -> true;
    };
  }

  private static String label(DeploymentConfig config) {
    return config.name() == null ? config.id() : "'" + config.name() + "' (" + config.id() + ")";
  }
}
