package io.github.nunuaction.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's issue comments and GraphQL {@code viewer}, as its docs describe them: comments of a pull
 * request listed oldest first in pages ({@code per_page}, a {@code Link} header), created with the
 * token's account as their author, read, updated and deleted one by one. Each request takes a
 * little real time, and the first lists can be held until several legs have asked, so that legs
 * finishing together really race.
 */
public final class GitHubSimulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LIST =
      Pattern.compile("^/repos/([^/]+/[^/]+)/issues/(\\d+)/comments$");
  private static final Pattern ONE =
      Pattern.compile("^/repos/([^/]+/[^/]+)/issues/comments/(\\d+)$");

  /** A comment as GitHub keeps it, with how often it was edited. */
  public record StoredComment(long id, long issue, String author, String body, int edits) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(32);
  private final Map<Long, StoredComment> comments = new TreeMap<>();
  private final Map<String, String> accounts = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger creations = new AtomicInteger();
  private volatile long latencyMillis;
  private volatile CountDownLatch firstLists;

  public GitHubSimulator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The REST API's base ({@code GITHUB_API_URL}); GraphQL is at {@code /graphql} beside it. */
  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A token and the account it writes as. */
  public GitHubSimulator account(String token, String login) {
    accounts.put(token, login);
    return this;
  }

  /** Every request waits this long first, as a real round trip would. */
  public GitHubSimulator latency(long millis) {
    latencyMillis = millis;
    return this;
  }

  /** The first {@code parties} comment lists are held until all of them have asked (or 5 s). */
  public GitHubSimulator holdFirstLists(int parties) {
    firstLists = new CountDownLatch(parties);
    return this;
  }

  /** A comment someone wrote already. */
  public synchronized long addComment(long issue, String author, String body) {
    long id = ids.incrementAndGet();
    comments.put(id, new StoredComment(id, issue, author, body, 0));
    return id;
  }

  public synchronized List<StoredComment> comments(long issue) {
    return comments.values().stream().filter(c -> c.issue() == issue).toList();
  }

  public synchronized StoredComment comment(long id) {
    return comments.get(id);
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      pause(latencyMillis);
      String token = exchange.getRequestHeaders().getFirst("Authorization");
      String login = token == null ? null : accounts.get(token.replaceFirst("^Bearer ", ""));
      if (login == null) {
        send(exchange, 401, JSON.createObjectNode().put("message", "Bad credentials"));
        return;
      }
      // A GitHub Enterprise Server serves the same under /api/v3 and /api/graphql.
      String path = exchange.getRequestURI().getPath().replaceFirst("^/api/v3/", "/");
      path = path.equals("/api/graphql") ? "/graphql" : path;
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.equals("/graphql") && method.equals("POST")) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("data").putObject("viewer").put("login", login);
        send(exchange, 200, answer);
        return;
      }
      Matcher list = LIST.matcher(path);
      Matcher one = ONE.matcher(path);
      if (list.matches() && method.equals("GET")) {
        holdIfFirst();
        list(exchange, Long.parseLong(list.group(2)));
      } else if (list.matches() && method.equals("POST")) {
        long id =
            create(Long.parseLong(list.group(2)), login, JSON.readTree(body).path("body").asText());
        send(exchange, 201, json(comment(id)));
      } else if (one.matches()) {
        one(exchange, method, Long.parseLong(one.group(2)), login, body);
      } else {
        send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
      }
    }
  }

  private void one(HttpExchange exchange, String method, long id, String login, byte[] body)
      throws IOException {
    StoredComment found = comment(id);
    if (found == null) {
      send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
      return;
    }
    switch (method) {
      case "GET" -> send(exchange, 200, json(found));
      case "PATCH" -> {
        String text = JSON.readTree(body).path("body").asText();
        synchronized (this) {
          comments.put(
              id, new StoredComment(id, found.issue(), found.author(), text, found.edits() + 1));
        }
        send(exchange, 200, json(comment(id)));
      }
      case "DELETE" -> {
        synchronized (this) {
          comments.remove(id);
        }
        exchange.sendResponseHeaders(204, -1);
      }
      default -> send(exchange, 405, JSON.createObjectNode().put("message", "Method Not Allowed"));
    }
  }

  private synchronized long create(long issue, String author, String body) {
    creations.incrementAndGet();
    return addComment(issue, author, body);
  }

  /** How many comments were created through the API. */
  public int creations() {
    return creations.get();
  }

  /** Oldest first, {@code per_page} at a time, with a {@code Link: <...>; rel="next"}. */
  private void list(HttpExchange exchange, long issue) throws IOException {
    Map<String, String> query = new TreeMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] parts = pair.split("=", 2);
        query.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    int perPage = Integer.parseInt(query.getOrDefault("per_page", "30"));
    int page = Integer.parseInt(query.getOrDefault("page", "1"));
    List<StoredComment> all = comments(issue);
    ArrayNode answer = JSON.createArrayNode();
    all.stream()
        .skip((long) (page - 1) * perPage)
        .limit(perPage)
        .map(this::json)
        .forEach(answer::add);
    if ((long) page * perPage < all.size()) {
      exchange
          .getResponseHeaders()
          .set(
              "Link",
              "<"
                  + apiUrl()
                  + exchange.getRequestURI().getPath()
                  + "?per_page="
                  + perPage
                  + "&page="
                  + (page + 1)
                  + ">; rel=\"next\"");
    }
    send(exchange, 200, answer);
  }

  private void holdIfFirst() {
    CountDownLatch latch = firstLists;
    if (latch != null && latch.getCount() > 0) {
      latch.countDown();
      try {
        latch.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** GitHub's documented comment (test resources), with this comment's id, body and author. */
  private ObjectNode json(StoredComment comment) {
    ObjectNode json;
    try {
      json =
          (ObjectNode)
              JSON.readTree(
                  Files.readString(
                      Path.of("src/test/resources/github-examples/issue-comment.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    json.put("id", comment.id());
    json.put(
        "html_url",
        "https://github.com/studio/game/pull/" + comment.issue() + "#issuecomment-" + comment.id());
    json.put("body", comment.body());
    ((ObjectNode) json.get("user"))
        .put("login", comment.author())
        .put("type", comment.author().endsWith("[bot]") ? "Bot" : "User");
    return json;
  }

  private static void pause(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public synchronized String toString() {
    return "GitHubSimulator" + new ArrayList<>(comments.values());
  }
}
