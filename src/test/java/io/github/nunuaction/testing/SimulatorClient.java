package io.github.nunuaction.testing;

import io.github.nunuaction.actions.Log;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.http.HttpClients;
import io.github.nunuaction.http.Timeouts;
import io.github.nunuaction.nunu.NunuApi;
import io.github.nunuaction.simulator.NunuSimulator;
import java.net.ProxySelector;

/** The real nunu client, connected to a simulator, for tests of one class that calls nunu. */
public final class SimulatorClient {
  private SimulatorClient() {}

  public static NunuApi connect(NunuSimulator nunu, Clock clock, Log log) {
    var caller =
        HttpCaller.create(
            HttpClients.create(4, Timeouts.DEFAULT, ProxySelector.of(null)),
            Timeouts.DEFAULT,
            Cancellation.none(),
            clock,
            log);
    return NunuApi.connect(
        caller, nunu.apiUrl(), NunuSimulator.PROJECT, nunu.artifactsUrl(), NunuSimulator.API_KEY);
  }
}
