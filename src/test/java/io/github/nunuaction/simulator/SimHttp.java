package io.github.nunuaction.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How the simulator answers: JSON and S3-style XML bodies, query parsing, ids, and the faults it
 * can make (random faults, gateway pages, dropped connections, rate limits).
 */
final class SimHttp {
  private SimHttp() {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final SecureRandom RANDOM = new SecureRandom();

  /** Tokens refill at a steady rate up to the burst; each request takes one. */
  static final class TokenBucket {
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long updated;

    TokenBucket(double perSecond, int burst, LongSupplier nanoTime) {
      this.perSecond = perSecond;
      this.burst = burst;
      this.nanoTime = nanoTime;
      this.tokens = burst;
      this.updated = nanoTime.getAsLong();
    }

    /** Takes a token; returns 0 when one was there, else the whole seconds until one will be. */
    synchronized long take() {
      long now = nanoTime.getAsLong();
      tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
      updated = now;
      if (tokens >= 1) {
        tokens--;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
  }

  /** What a random fault does to a request. */
  enum Fault {
    RESET,
    BAD_GATEWAY,
    UNAVAILABLE,
    THROTTLED,
    /** The work is done, then a gateway answers 502 instead. */
    LOST_ANSWER,
    /** The work is done, then the connection breaks unanswered. */
    RESET_AFTER;

    boolean afterTheWork() {
      return this == LOST_ANSWER || this == RESET_AFTER;
    }
  }

  static final class RandomFaults {
    final double rate;
    final Random random;
    final AtomicInteger made = new AtomicInteger();

    RandomFaults(double rate, Random random) {
      this.rate = rate;
      this.random = random;
    }

    synchronized Fault next() {
      if (random.nextDouble() >= rate) {
        return null;
      }
      made.incrementAndGet();
      return Fault.values()[random.nextInt(Fault.values().length)];
    }
  }

  /** The fault that meets the answer of the request this thread handles, if any. */
  static final ThreadLocal<Fault> FATE = new ThreadLocal<>();

  /** A fault that strikes before the work: the request has no effect. */
  static void strike(HttpExchange exchange, Fault fault) throws IOException {
    switch (fault) {
      case RESET -> exchange.close();
      case BAD_GATEWAY -> gateway(exchange, 502, "Bad Gateway");
      case UNAVAILABLE -> gateway(exchange, 503, "Service Temporarily Unavailable");
      case THROTTLED -> {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 429, error("Too many requests"));
      }
      default -> throw new IllegalArgumentException(fault.name());
    }
  }

  /** A gateway's own error page: HTML, not the API's JSON error. */
  static void gateway(HttpExchange exchange, int status, String reason) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    String page =
        "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center></body></html>"
            .formatted(status, reason, status, reason);
    writeBytes(exchange, status, page.getBytes(StandardCharsets.UTF_8));
  }

  static String md5(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("MD5")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> query(String raw) {
    var query = new LinkedHashMap<String, String>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      query.put(
          name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    sendBytes(exchange, status, JSON.writeValueAsBytes(body));
  }

  /** Answers, unless a fault after the work meets the answer (a gateway page, or no answer). */
  static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
    Fault fate = FATE.get();
    if (fate != null) {
      FATE.remove();
      if (fate == Fault.LOST_ANSWER) {
        gateway(exchange, 502, "Bad Gateway");
      } else {
        exchange.close();
      }
      return;
    }
    writeBytes(exchange, status, body);
  }

  static void writeBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void sendXml(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    sendBytes(
        exchange,
        status,
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8));
  }

  static void drain(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
  }

  static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** An 11-character run id, like every documented example. */
  static String runId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    var id = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  static String unquoted(String etag) {
    return etag.replace("\"", "");
  }
}
