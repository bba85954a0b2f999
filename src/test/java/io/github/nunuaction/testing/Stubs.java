package io.github.nunuaction.testing;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.function.Supplier;

/** WireMock stubs that the fault tests share. */
public final class Stubs {
  private Stubs() {}

  /** nunu has no build with the content tag of the file: reuse-build finds nothing. */
  public static MappingBuilder noIdenticalBuild() {
    return WireMock.get(WireMock.urlPathEqualTo("/api/v1/builds"))
        .willReturn(WireMock.okJson("{\"data\": [], \"pagination\": {\"total_pages\": 0}}"));
  }

  /**
   * Answers in order, the last one from then on. A fresh builder per answer: builders are mutable.
   */
  public static void sequence(
      WireMockExtension wm,
      Supplier<MappingBuilder> request,
      ResponseDefinitionBuilder... answers) {
    String scenario = "sequence-" + System.nanoTime();
    for (int i = 0; i < answers.length; i++) {
      var stub =
          request
              .get()
              .inScenario(scenario)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i)
              .willReturn(answers[i]);
      wm.stubFor(i < answers.length - 1 ? stub.willSetStateTo("answer-" + (i + 1)) : stub);
    }
  }
}
