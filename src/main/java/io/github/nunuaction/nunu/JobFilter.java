package io.github.nunuaction.nunu;

import io.github.nunuaction.http.Query;
import java.util.List;

/**
 * Which jobs a list asks for (API.md 2.3.2): those of one test plan execution, or those with all of
 * some tags. {@link #matches} tells whether a listed job fits, so that a server that ignores the
 * filter is noticed instead of trusted.
 */
public record JobFilter(String testPlanExecutionId, List<String> tags) {

  public JobFilter {
    tags = List.copyOf(tags);
    if ((testPlanExecutionId == null) == tags.isEmpty()) {
      throw new IllegalArgumentException("a job filter needs an execution or tags, not both");
    }
  }

  public static JobFilter execution(String testPlanExecutionId) {
    return new JobFilter(testPlanExecutionId, List.of());
  }

  public static JobFilter tagged(List<String> tags) {
    return new JobFilter(null, tags);
  }

  /** Whether {@code job} is one the filter asks for, as far as its fields tell. */
  public boolean matches(Job job) {
    return testPlanExecutionId != null
        ? testPlanExecutionId.equals(job.testPlanExecutionId())
        : job.tags().containsAll(tags);
  }

  Query query() {
    return testPlanExecutionId != null
        ? Query.of().add("test_plan_execution_id", testPlanExecutionId)
        : Query.of().addList("tags", tags);
  }

  @Override
  public String toString() {
    return testPlanExecutionId != null
        ? "test_plan_execution_id=" + testPlanExecutionId
        : "tags=" + String.join(",", tags);
  }
}
