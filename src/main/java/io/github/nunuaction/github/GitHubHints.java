package io.github.nunuaction.github;

import io.github.nunuaction.http.Service;

/** What to do when GitHub refuses a request for the pull request comment. */
final class GitHubHints {
  private GitHubHints() {}

  static final Service.Hints REST =
      (status, message, body) ->
          switch (status) {
            case 401 ->
                "GitHub did not accept github-token; leave it at its default (${{ github.token }})"
                    + " or pass a token that is valid for this repository.";
            case 403 ->
                "The token may not write to this pull request (pull requests from forks get a"
                    + " read-only token). Give the job permissions: pull-requests: write.";
            case 404 ->
                "GitHub does not know this repository or pull request for this token; check"
                    + " github-token and that the job has pull-requests: write.";
            case 422 -> "GitHub refused the comment as given; please report this with the log.";
            case 429 ->
                "GitHub's rate limit for this token is used up for now; the next run writes the"
                    + " comment.";
            default -> null;
          };
}
