package io.github.nunuaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.testing.ActionYml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's tables and action.yml describe the same inputs, defaults and outputs. */
class DocsTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|\\s*([^|]*?)\\s*\\|");

  @Test
  void readmeInputsTableMatchesActionYml() throws Exception {
    Map<String, String> readme = table("## Inputs");
    Map<String, String> declared = ActionYml.declaredInputs();
    assertThat(readme.keySet()).containsExactlyElementsOf(declared.keySet());
    declared.forEach(
        (input, defaultValue) -> {
          String documented = readme.get(input);
          if (defaultValue.isEmpty()) {
            // No literal default; the README may describe a computed one ("from the file
            // extension").
            assertThat(documented)
                .as("default of %s", input)
                .matches("|\\(required\\)|[a-z ]+|`[^`]*<[^`]*`|(?!`[^`]*`$)[A-Za-z`, -]+");
          } else {
            assertThat(documented).as("default of %s", input).isEqualTo("`" + defaultValue + "`");
          }
        });
  }

  @Test
  void readmeOutputsTableMatchesActionYml() throws Exception {
    assertThat(List.copyOf(table("## Outputs").keySet()))
        .containsExactlyElementsOf(ActionYml.outputs());
  }

  /** The README's "Flaky tests" shows the golden summary and comment, as GitHub renders them. */
  @Test
  void readmeShowsTheFlakySummaryAndCommentAsRendered() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (String golden : List.of("summary-flaky.md", "comment-flaky.md")) {
      String text = Files.readString(Path.of("src/test/resources/golden", golden));
      String quoted =
          String.join(
              "\n",
              text.stripTrailing()
                  .lines()
                  .map(line -> line.isEmpty() ? ">" : "> " + line)
                  .toList());
      assertThat(readme).as(golden).contains(quoted);
    }
  }

  private static Map<String, String> table(String heading) throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    var rows = new LinkedHashMap<String, String>();
    boolean inside = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        inside = line.equals(heading);
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (inside && row.find()) {
        rows.put(row.group(1), row.group(2).strip());
      }
    }
    return rows;
  }
}
