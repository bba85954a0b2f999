package io.github.nunuaction.actions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from any text before it leaves the process. The runner masks registered
 * secrets in its logs, but not in files we write, and nothing masks anything outside GitHub
 * Actions; presigned URLs carry their signature in the query string, so every URL's query goes.
 */
public final class Scrubber {
  static final String MASK = "***";
  private static final Pattern URL_QUERY =
      Pattern.compile("(?i)\\b(https?://[^\\s?#\"'<>`|]+)\\?[^\\s#\"'<>`|)\\]]*");

  private final List<String> secrets = new CopyOnWriteArrayList<>();

  public void addSecret(String secret) {
    if (secret != null && !secret.isBlank()) {
      secrets.add(secret);
      for (String line : secret.split("\\R")) {
        if (!line.isBlank() && !line.equals(secret)) {
          secrets.add(line);
        }
      }
    }
  }

  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return redactUrlQueries(result);
  }

  /** {@code https://host/path?X-Amz-Signature=...} becomes {@code https://host/path?***}. */
  public static String redactUrlQueries(String text) {
    if (text.indexOf('?') < 0) {
      return text;
    }
    return URL_QUERY
        .matcher(text)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "?" + MASK);
  }
}
