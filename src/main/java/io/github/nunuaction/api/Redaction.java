package io.github.nunuaction.api;

import java.net.URI;

/** URLs as they may be shown: presigned URLs are credentials, so the query never is. */
public final class Redaction {
  private Redaction() {}

  public static String host(URI uri) {
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** {@code scheme://host[:port]/path}, with {@code ?***} where a query was. */
  public static String url(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + host(uri) + path + (uri.getRawQuery() == null ? "" : "?***");
  }
}
