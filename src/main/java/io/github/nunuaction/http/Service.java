package io.github.nunuaction.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service the action calls: its name for messages, the credential and the only origins it may be
 * sent to, headers every request carries, and what to advise when it refuses a request. Every
 * client (nunu, its artifacts host, storage, GitHub) describes itself with one of these, so that
 * {@link HttpCaller} treats them all alike. The credential never appears in {@link #toString()}.
 */
public record Service(
    String name,
    Map<String, String> credential,
    Set<String> credentialOrigins,
    Map<String, String> headers,
    Hints hints) {

  /** What to do about a refusal: advice for the status and the service's own message. */
  @FunctionalInterface
  public interface Hints {
    /**
     * @param message the service's error message in lower case, or empty
     * @param body the error answer as JSON ({@code {error, code, details}}), or a missing node
     * @return the advice, or null for the generic one
     */
    String forStatus(int status, String message, JsonNode body);
  }

  /** A service without a credential, such as presigned storage URLs. */
  public static Service anonymous(String name, Hints hints) {
    return new Service(name, Map.of(), Set.of(), Map.of(), hints);
  }

  /** A service whose credential header goes only to the origins of {@code bases}. */
  public static Service withCredential(
      String name,
      String header,
      String value,
      Set<URI> bases,
      Map<String, String> headers,
      Hints hints) {
    Set<String> origins =
        bases.stream().map(Service::origin).collect(Collectors.toUnmodifiableSet());
    return new Service(name, Map.of(header, value), origins, Map.copyOf(headers), hints);
  }

  /** Whether the credential may go to {@code uri}: decided again for every redirect. */
  boolean sendsCredentialTo(URI uri) {
    return !credential.isEmpty() && credentialOrigins.contains(origin(uri));
  }

  String hint(int status, String message, Answer answer) {
    JsonNode body;
    try {
      body = answer.json();
    } catch (IOException notJson) {
      body = MissingNode.getInstance();
    }
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    String hint = hints.forStatus(status, lower, body);
    return hint != null ? hint : ApiException.genericHint(status);
  }

  @Override
  public String toString() {
    return "Service[" + name + "]";
  }

  /** Whether two URLs share scheme, host and port. */
  public static boolean sameOrigin(URI a, URI b) {
    return origin(a).equals(origin(b));
  }

  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
