package io.github.nunuaction.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTest {
  @Test
  void valuesAreEncodedAsRfc3986AndListsKeepTheirCommas() {
    Query query =
        Query.of()
            .add("object_key", "abc123/Space Game+1 ü.apk")
            .add("status", "in_progress")
            .add("absent", null)
            .addList("part_numbers", List.of("1", "2", "3"))
            .addList("tags", List.of("nunu-run:9001", "a,b"));

    assertThat(query.on("https://nunu.ai/api/v1/builds/upload/parts"))
        .hasToString(
            "https://nunu.ai/api/v1/builds/upload/parts?object_key=abc123%2FSpace%20Game%2B1%20%C3%BC.apk"
                + "&status=in_progress&part_numbers=1,2,3&tags=nunu-run%3A9001,a%2Cb");
  }

  @Test
  void anEmptyQueryLeavesTheUrlAlone() {
    assertThat(Query.of().addList("tags", List.of()).on("https://x/y")).hasToString("https://x/y");
  }
}
