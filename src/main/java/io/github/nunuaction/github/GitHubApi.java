package io.github.nunuaction.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.http.HttpStep;
import io.github.nunuaction.http.HttpStep.Reader;
import io.github.nunuaction.http.HttpStep.Retry;
import io.github.nunuaction.http.Query;
import io.github.nunuaction.http.Service;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitHub REST API calls the action makes: a pull request's comments, listed, created and
 * updated. The token goes only to {@code GITHUB_API_URL} (github.com or a GitHub Enterprise
 * Server), with the API version the action was written against.
 */
public final class GitHubApi {
  static final String API_VERSION = "2022-11-28";
  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 30;
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  private final HttpCaller caller;
  private final Service service;
  private final String repositoryBase;

  /** A comment: its id, where people see it, and its text. */
  public record Comment(long id, String htmlUrl, String body) {
    static Comment from(JsonNode json) {
      Long id = Json.integer(json, "id");
      if (id == null) {
        throw new IllegalArgumentException("the comment has no id");
      }
      return new Comment(id, Json.text(json, "html_url"), Json.text(json, "body"));
    }
  }

  private GitHubApi(HttpCaller caller, Service service, String repositoryBase) {
    this.caller = caller;
    this.service = service;
    this.repositoryBase = repositoryBase;
  }

  public static GitHubApi connect(HttpCaller caller, URI apiUrl, String repository, String token) {
    var service =
        Service.withCredential(
            "GitHub",
            "Authorization",
            "Bearer " + token,
            Set.of(apiUrl),
            Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", API_VERSION),
            GitHubHints.REST);
    return new GitHubApi(caller, service, apiUrl + "/repos/" + repository);
  }

  /**
   * The first comment on pull request {@code number} that holds {@code marker}, looking through
   * every page of its comments (oldest first, as GitHub lists them).
   */
  public Optional<Comment> findComment(long number, String marker) {
    URI page =
        Query.of().add("per_page", PER_PAGE).on(repositoryBase + "/issues/" + number + "/comments");
    for (int pages = 0; page != null && pages < MAX_PAGES; pages++) {
      Listed listed =
          caller.call(
              HttpStep.get(
                  service,
                  "list the comments of pull request #" + number,
                  page,
                  answer -> new Listed(answer.jsonBody(), next(answer.header("Link")))));
      for (JsonNode json : listed.comments()) {
        String body = Json.text(json, "body");
        if (body != null && body.contains(marker)) {
          return Optional.of(Comment.from(json));
        }
      }
      page = listed.next();
    }
    return Optional.empty();
  }

  public Comment create(long number, String body) {
    return caller.call(
        HttpStep.post(
            service,
            "comment on pull request #" + number,
            URI.create(repositoryBase + "/issues/" + number + "/comments"),
            Json.object().put("body", body),
            Reader.json(Comment::from)));
  }

  public Comment update(long commentId, String body) {
    return caller.call(
        HttpStep.patch(
                service,
                "update the pull request comment",
                URI.create(repositoryBase + "/issues/comments/" + commentId),
                Json.object().put("body", body),
                Reader.json(Comment::from))
            .withRetry(Retry.IDEMPOTENT));
  }

  private record Listed(JsonNode comments, URI next) {}

  /** The {@code rel="next"} page of a {@code Link} header, or null on the last page. */
  private static URI next(Optional<String> link) {
    if (link.isEmpty()) {
      return null;
    }
    Matcher next = NEXT.matcher(link.get());
    return next.find() ? URI.create(next.group(1)) : null;
  }
}
