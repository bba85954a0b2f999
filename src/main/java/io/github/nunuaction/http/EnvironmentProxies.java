package io.github.nunuaction.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (either case), as curl
 * and most CI tools read them; the JDK itself ignores these variables. {@code NO_PROXY} takes host
 * names, domain suffixes ({@code .example.com} or {@code example.com}, which include subdomains),
 * addresses, optional ports, and {@code *}. Proxy credentials are not supported.
 */
public final class EnvironmentProxies extends ProxySelector {
  private final Proxy https;
  private final Proxy http;
  private final List<String> bypass;

  private EnvironmentProxies(Proxy https, Proxy http, List<String> bypass) {
    this.https = https;
    this.http = http;
    this.bypass = bypass;
  }

  /**
   * The selector for these variables; throws IllegalArgumentException for an unusable proxy URL.
   */
  public static EnvironmentProxies from(Map<String, String> env) {
    var bypass = new ArrayList<String>();
    for (String entry : variable(env, "NO_PROXY").split(",")) {
      String host = entry.strip().toLowerCase(Locale.ROOT);
      if (!host.isEmpty()) {
        bypass.add(host);
      }
    }
    return new EnvironmentProxies(
        proxy(env, "HTTPS_PROXY"), proxy(env, "HTTP_PROXY"), List.copyOf(bypass));
  }

  public boolean none() {
    return https == null && http == null;
  }

  @Override
  public List<Proxy> select(URI uri) {
    Proxy proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
    if (proxy == null || bypassed(uri)) {
      return List.of(Proxy.NO_PROXY);
    }
    return List.of(proxy);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException failure) {
    // The caller reports the failure; there is no other proxy to try.
  }

  private boolean bypassed(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port =
        uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    for (String entry : bypass) {
      if (entry.equals("*")) {
        return true;
      }
      String name = entry;
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("\\d+")) {
        if (Integer.parseInt(entry.substring(colon + 1)) != port) {
          continue;
        }
        name = entry.substring(0, colon);
      }
      String suffix = name.startsWith(".") ? name.substring(1) : name;
      if (host.equals(suffix) || host.endsWith("." + suffix)) {
        return true;
      }
    }
    return false;
  }

  private static Proxy proxy(Map<String, String> env, String name) {
    String value = variable(env, name);
    if (value.isEmpty()) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(value.contains("://") ? value : "http://" + value);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          name + " is not a proxy URL like http://proxy.example.com:3128");
    }
    int port =
        uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
  }

  private static String variable(Map<String, String> env, String name) {
    String upper = env.get(name);
    String value =
        upper != null && !upper.isBlank() ? upper : env.get(name.toLowerCase(Locale.ROOT));
    return value == null ? "" : value.strip();
  }
}
