package io.github.nunuaction.nunu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a list as a claim: each item checked, paging bounded, a repeating server noticed. */
class ListedTest {
  private final List<Integer> asked = new ArrayList<>();

  /** Pages of ids; an id starting with "ours" matches the filter. */
  private Listed<String> read(List<List<String>> pages, Long totalPages, int maxPages) {
    return Listed.read(
        page -> {
          asked.add(page);
          return new Page<>(page < pages.size() ? pages.get(page) : List.of(), totalPages);
        },
        id -> id.startsWith("ours"),
        id -> id.equals("no-id") ? null : id,
        maxPages);
  }

  @Test
  void itemsThatDoNotMatchAreCountedNotKept() {
    Listed<String> listed = read(List.of(List.of("ours-1", "theirs-1", "ours-2")), 1L, 5);

    assertThat(listed.matching()).containsExactly("ours-1", "ours-2");
    assertThat(listed.foreign()).isEqualTo(1);
    assertThat(listed.complete()).isTrue();
    assertThat(listed.problem()).contains("1 item that does not match the filter");
  }

  @Test
  void anItemWithoutAnIdCannotBeActedOnSoItIsForeign() {
    Listed<String> listed = read(List.of(List.of("ours-1", "no-id")), 1L, 5);

    assertThat(listed.matching()).containsExactly("ours-1");
    assertThat(listed.foreign()).isEqualTo(1);
  }

  @Test
  void aServerThatIgnoresThePageEndsPagingAsIncomplete() {
    List<String> same = List.of("ours-1", "ours-2");
    Listed<String> listed = read(List.of(same, same, same), null, 10);

    assertThat(asked).containsExactly(0, 1);
    assertThat(listed.matching()).containsExactly("ours-1", "ours-2");
    assertThat(listed.complete()).isFalse();
    assertThat(listed.trouble()).isEqualTo("page 1 repeated an earlier page (paging ignored)");
  }

  @Test
  void pagingStopsAtTheBoundAndSaysSo() {
    Listed<String> listed =
        read(List.of(List.of("ours-1"), List.of("ours-2"), List.of("ours-3")), 3L, 2);

    assertThat(asked).containsExactly(0, 1);
    assertThat(listed.matching()).containsExactly("ours-1", "ours-2");
    assertThat(listed.complete()).isFalse();
    assertThat(listed.problem()).isEqualTo("it has more than 2 page(s)");
  }

  @Test
  void withoutPaginationAnEmptyPageIsTheEnd() {
    Listed<String> listed = read(List.of(List.of("ours-1"), List.of("ours-2")), null, 10);

    assertThat(asked).containsExactly(0, 1, 2);
    assertThat(listed.matching()).containsExactly("ours-1", "ours-2");
    assertThat(listed.complete()).isTrue();
    assertThat(listed.problem()).isNull();
  }
}
