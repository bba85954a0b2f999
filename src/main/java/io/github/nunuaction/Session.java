package io.github.nunuaction;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.Runner;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.Inputs;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.http.EnvironmentProxies;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.http.HttpClients;
import io.github.nunuaction.http.Timeouts;
import io.github.nunuaction.nunu.NunuApi;

/** What both steps run with: the runner, and how to reach services. */
record Session(Runner runner, Timeouts timeouts) {

  Session(
      GitHubContext context,
      Workflow workflow,
      Cancellation cancellation,
      Clock clock,
      Timeouts timeouts) {
    this(new Runner(context, workflow, cancellation, clock), timeouts);
  }

  GitHubContext context() {
    return runner.context();
  }

  Workflow workflow() {
    return runner.workflow();
  }

  Cancellation cancellation() {
    return runner.cancellation();
  }

  Clock clock() {
    return runner.clock();
  }

  /** The one HTTP caller of a step; {@code threads} bounds its client's pool. */
  HttpCaller caller(EnvironmentProxies proxies, int threads) {
    return HttpCaller.create(
        HttpClients.create(threads, timeouts, proxies),
        timeouts,
        cancellation(),
        clock(),
        workflow());
  }

  /** The nunu API as the inputs describe it. */
  NunuApi nunu(Inputs.Api api, HttpCaller caller) {
    return NunuApi.connect(caller, api.apiUrl(), api.projectId(), api.artifactsUrl(), api.apiKey());
  }
}
