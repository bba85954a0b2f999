package io.github.nunuaction.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nunuaction.actions.Scrubber;
import org.junit.jupiter.api.Test;

class MarkdownTest {
  final Markdown markdown = new Markdown(new Scrubber());

  @Test
  void markupCharactersBecomeCharacterReferences() {
    assertThat(markdown.text("a|b *c* _d_ `e` [f](g) <h> & ~i~ #1 @j $k$ \\"))
        .isEqualTo(
            "a&#124;b &#42;c&#42; &#95;d&#95; &#96;e&#96; &#91;f&#93;(g) &#60;h&#62; &#38; &#126;i&#126; &#35;1 &#64;j &#36;k&#36; &#92;");
  }

  @Test
  void autolinksAreBroken() {
    assertThat(markdown.text("see https://x.example and www.y.example or z@w.example"))
        .isEqualTo("see https&#58;//x.example and www&#46;y.example or z&#64;w.example");
  }

  @Test
  void lineBreaksKeepATableRowOnOneLine() {
    assertThat(markdown.text("one\ntwo\r\nthree\rfour")).isEqualTo("one<br>two<br>three<br>four");
  }

  @Test
  void idsBecomeCodeOnlyWhenPlain() {
    assertThat(markdown.code("f14fa698-ee3e-4a3d")).isEqualTo("`f14fa698-ee3e-4a3d`");
    assertThat(markdown.code("a`b")).isEqualTo("a&#96;b");
  }

  @Test
  void cutsLongTextBeforeEscaping() {
    assertThat(markdown.text("abcdef", 3)).isEqualTo("abc…");
  }
}
