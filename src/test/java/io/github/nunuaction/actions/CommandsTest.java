package io.github.nunuaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandsTest {
  @Test
  void dataEscapesPercentAndLineBreaks() {
    assertThat(Commands.escapeData("50% done\r\nnext::line"))
        .isEqualTo("50%25 done%0D%0Anext::line");
  }

  @Test
  void propertiesAlsoEscapeTheirSeparators() {
    assertThat(Commands.escapeProperty("a:b,c%\n")).isEqualTo("a%3Ab%2Cc%25%0A");
  }

  @Test
  void commandWithProperties() {
    var properties = new LinkedHashMap<String, String>();
    properties.put("title", "nunu: run, failed");
    properties.put("file", "");
    assertThat(Commands.command("error", properties, "line 1\nline 2"))
        .isEqualTo("::error title=nunu%3A run%2C failed::line 1%0Aline 2");
    assertThat(Commands.command("notice", Map.of(), "x")).isEqualTo("::notice::x");
  }

  @Test
  void oneLineCannotIssueCommands() {
    assertThat(Commands.oneLine("title\n::set-output name=x::y"))
        .isEqualTo("title ::set-output name=x::y");
    assertThat(Commands.oneLine("  ::add-mask::x")).isEqualTo(": :add-mask::x");
    assertThat(Commands.oneLine("a ##[error]b")).isEqualTo("a # #[error]b");
    assertThat(Commands.oneLine("bell\u0007 esc\u001b[31m")).isEqualTo("bell? esc?[31m");
    assertThat(Commands.oneLine(null)).isEmpty();
  }
}
