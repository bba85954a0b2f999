package io.github.nunuaction;

import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Identity;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.config.Inputs.FileToUpload;
import io.github.nunuaction.config.Inputs.NamedBuild;
import io.github.nunuaction.config.Inputs.NoBuild;
import io.github.nunuaction.http.TlsWarmup;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.results.RoleBuild;
import io.github.nunuaction.upload.BuildDetails;
import io.github.nunuaction.upload.BuildUploads;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The builds a run uses: every file the inputs name is uploaded (side by side), ids are kept. */
final class BuildStage {
  private BuildStage() {}

  static List<RoleBuild> resolve(
      Inputs inputs, Session session, NunuApi api, Optional<Identity> identity) {
    Workflow workflow = session.workflow();
    List<NamedBuild> named = inputs.namedBuilds();
    List<FileToUpload> files = BuildUploads.files(named);
    var uploads = new BuildUploads(api, workflow, session.clock(), session.cancellation());
    List<String> tags = identity.map(Identity::tags).orElse(List.of());
    int parallelism = files.isEmpty() ? 1 : files.get(0).parallelism();
    Supplier<List<RoleBuild>> resolve =
        () -> uploads.resolve(named, BuildDetails.from(session.context()), tags, parallelism);
    List<RoleBuild> builds;
    if (files.isEmpty()) {
      builds = resolve.get();
    } else {
      // An API on HTTPS hands out HTTPS storage URLs: the cipher may as well be ready.
      if ("https".equalsIgnoreCase(inputs.api().apiUrl().getScheme())) {
        TlsWarmup.start();
      }
      builds = workflow.group(BuildUploads.title(files), resolve);
    }
    if (inputs.build() instanceof NoBuild) {
      workflow.info("No build: the run uses what its deployment config provides.");
    }
    return builds;
  }
}
