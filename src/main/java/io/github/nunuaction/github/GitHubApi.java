package io.github.nunuaction.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nunuaction.core.Json;
import io.github.nunuaction.http.ApiException;
import io.github.nunuaction.http.HttpCaller;
import io.github.nunuaction.http.HttpStep;
import io.github.nunuaction.http.HttpStep.Reader;
import io.github.nunuaction.http.HttpStep.Retry;
import io.github.nunuaction.http.Query;
import io.github.nunuaction.http.Service;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitHub API calls the action makes: a pull request's comments, listed, read, created, updated
 * and deleted, and the login the token writes as (GraphQL {@code viewer}). The token goes only to
 * {@code GITHUB_API_URL}'s host (github.com or a GitHub Enterprise Server), with the API version
 * the action was written against.
 */
public final class GitHubApi {
  static final String API_VERSION = "2022-11-28";
  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 30;
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  private final HttpCaller caller;
  private final Service service;
  private final String repositoryBase;
  private final URI graphql;

  /** A comment: its id, where people see it, its text, and who wrote it ({@code user.login}). */
  public record Comment(long id, String htmlUrl, String body, String author) {
    static Comment from(JsonNode json) {
      Long id = Json.integer(json, "id");
      if (id == null) {
        throw new IllegalArgumentException("the comment has no id");
      }
      return new Comment(
          id,
          Json.text(json, "html_url"),
          Json.text(json, "body"),
          Json.text(Json.child(json, "user"), "login"));
    }
  }

  private GitHubApi(HttpCaller caller, Service service, String repositoryBase, URI graphql) {
    this.caller = caller;
    this.service = service;
    this.repositoryBase = repositoryBase;
    this.graphql = graphql;
  }

  /**
   * @param graphqlUrl GitHub's GraphQL endpoint; used only on {@code apiUrl}'s host, which is the
   *     only one the token goes to
   */
  public static GitHubApi connect(
      HttpCaller caller, URI apiUrl, URI graphqlUrl, String repository, String token) {
    var service =
        Service.withCredential(
            "GitHub",
            "Authorization",
            "Bearer " + token,
            Set.of(apiUrl),
            Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", API_VERSION),
            GitHubHints.REST);
    return new GitHubApi(caller, service, apiUrl + "/repos/" + repository, graphqlUrl);
  }

  /** Every comment on pull request {@code number}, oldest first (as GitHub lists them). */
  public List<Comment> comments(long number) {
    var comments = new ArrayList<Comment>();
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
        try {
          comments.add(Comment.from(json));
        } catch (IllegalArgumentException unreadable) {
          // A comment without an id cannot be ours to edit.
        }
      }
      page = listed.next();
    }
    return comments;
  }

  /** One comment, as it stands now. */
  public Comment comment(long commentId) {
    return caller.call(
        HttpStep.get(
            service,
            "read the pull request comment",
            URI.create(repositoryBase + "/issues/comments/" + commentId),
            Reader.json(Comment::from)));
  }

  public void delete(long commentId) {
    caller.call(
        HttpStep.delete(
            service,
            "delete a duplicate pull request comment",
            URI.create(repositoryBase + "/issues/comments/" + commentId)));
  }

  /**
   * The login the token writes as, as GitHub reports it (GraphQL {@code viewer}: a person's login,
   * or {@code <app>[bot]} for an installation token, {@code github-actions[bot]} for the workflow's
   * own).
   */
  public String viewerLogin() {
    if (!Service.sameOrigin(graphql, URI.create(repositoryBase))) {
      throw ApiException.invalid(
          "GITHUB_GRAPHQL_URL is not on GITHUB_API_URL's host, where alone the token goes.");
    }
    String login =
        caller.call(
            HttpStep.post(
                    service,
                    "ask GitHub which account the token writes as",
                    graphql,
                    Json.tree(new GraphQlQuery("query { viewer { login } }")),
                    Reader.json(
                        json -> Json.text(Json.child(Json.child(json, "data"), "viewer"), "login")))
                .withRetry(Retry.IDEMPOTENT));
    if (login == null || login.isBlank()) {
      throw ApiException.invalid("GitHub did not say which account the token writes as.");
    }
    return login;
  }

  public Comment create(long number, String body) {
    return caller.call(
        HttpStep.post(
            service,
            "comment on pull request #" + number,
            URI.create(repositoryBase + "/issues/" + number + "/comments"),
            Json.tree(new CommentText(body)),
            Reader.json(Comment::from)));
  }

  public Comment update(long commentId, String body) {
    return caller.call(
        HttpStep.patch(
                service,
                "update the pull request comment",
                URI.create(repositoryBase + "/issues/comments/" + commentId),
                Json.tree(new CommentText(body)),
                Reader.json(Comment::from))
            .withRetry(Retry.IDEMPOTENT));
  }

  /** The body of a GraphQL request. */
  private record GraphQlQuery(String query) {}

  /** The body that creates or updates an issue comment. */
  private record CommentText(String body) {}

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
