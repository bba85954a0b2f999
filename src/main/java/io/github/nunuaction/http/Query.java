package io.github.nunuaction.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A query string encoded as RFC 3986 says: everything but the unreserved characters is
 * percent-encoded (a space is {@code %20}, never {@code +}), and a list is one value whose items
 * are joined by literal commas, as nunu's docs write {@code part_numbers=1,2,3}.
 */
public final class Query {
  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private final StringBuilder text = new StringBuilder();

  public static Query of() {
    return new Query();
  }

  public Query add(String name, String value) {
    if (value != null) {
      separator().append(encode(name)).append('=').append(encode(value));
    }
    return this;
  }

  public Query add(String name, long value) {
    return add(name, String.valueOf(value));
  }

  /** {@code name=a,b,c}: each item encoded, the commas between them not. */
  public Query addList(String name, List<String> values) {
    if (!values.isEmpty()) {
      separator().append(encode(name)).append('=');
      for (int i = 0; i < values.size(); i++) {
        text.append(i == 0 ? "" : ",").append(encode(values.get(i)));
      }
    }
    return this;
  }

  /** {@code base} with this query, or {@code base} alone when the query is empty. */
  public URI on(String base) {
    return URI.create(text.isEmpty() ? base : base + "?" + text);
  }

  @Override
  public String toString() {
    return text.toString();
  }

  private StringBuilder separator() {
    return text.isEmpty() ? text : text.append('&');
  }

  static String encode(String value) {
    var out = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && UNRESERVED.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
