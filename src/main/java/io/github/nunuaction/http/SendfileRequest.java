package io.github.nunuaction.http;

import io.github.nunuaction.http.HttpStep.FileRegion;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request whose body is a file region, sent to a plain {@code http://} origin without
 * a proxy: the bytes go from the page cache to the socket in the kernel ({@link
 * FileChannel#transferTo}, sendfile), never through the JVM. Measured on two cores, this is what
 * lets a 256 MiB upload keep up with curl, which a copy loop cannot do before the JIT compiler has
 * warmed it. HTTPS and proxied uploads take {@link java.net.HttpURLConnection} instead. One
 * connection per request ({@code Connection: close}), so the answer ends where the stream ends.
 */
final class SendfileRequest {
  private static final long CHUNK = 8L * 1024 * 1024;
  private static final int MAX_HEAD = 64 * 1024;

  private SendfileRequest() {}

  /** Whether {@code uri} can go this way: plain HTTP and no proxy. */
  static boolean applies(URI uri, Proxy proxy) {
    return "http".equalsIgnoreCase(uri.getScheme()) && proxy.type() == Proxy.Type.DIRECT;
  }

  /**
   * Sends the request on {@code channel} (connected, blocking, closed by the caller; closing it is
   * also how a deadline or a cancellation stops this).
   */
  static HttpCaller.Exchange send(
      SocketChannel channel,
      String method,
      URI uri,
      Map<String, String> headers,
      FileRegion region,
      Duration readTimeout)
      throws IOException {
    var head = new StringBuilder();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    head.append(method).append(' ').append(path);
    if (uri.getRawQuery() != null) {
      head.append('?').append(uri.getRawQuery());
    }
    head.append(" HTTP/1.1\r\nHost: ").append(uri.getRawAuthority()).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(region.length()).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    ByteBuffer bytes = StandardCharsets.ISO_8859_1.encode(head.toString());
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    transfer(region, channel);
    channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
    return read(new BufferedInputStream(channel.socket().getInputStream()));
  }

  /** The region, in the kernel, in chunks so that progress is seen as it goes. */
  private static void transfer(FileRegion region, SocketChannel channel) throws IOException {
    FileChannel file;
    try {
      file = FileChannel.open(region.file(), StandardOpenOption.READ);
    } catch (IOException e) {
      throw BlockingTransport.unreadable(region, e);
    }
    try (file) {
      if (file.size() < region.offset() + region.length()) {
        throw BlockingTransport.unreadable(
            region, new IOException("the file became shorter while it was being uploaded"));
      }
      long sent = 0;
      while (sent < region.length()) {
        long count = Math.min(CHUNK, region.length() - sent);
        long moved = file.transferTo(region.offset() + sent, count, channel);
        if (moved <= 0 && file.size() < region.offset() + region.length()) {
          throw BlockingTransport.unreadable(
              region, new IOException("the file became shorter while it was being uploaded"));
        }
        sent += moved;
        region.onRead().accept(moved);
      }
    }
  }

  /** The answer: status line, headers, and a body (by length, chunked, or to the end). */
  static HttpCaller.Exchange read(InputStream in) throws IOException {
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.1 answer");
    }
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP/1.1 answer");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    int size = status.length();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      size += line.length();
      if (size > MAX_HEAD) {
        throw new IOException("the answer's headers are too long");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields
            .computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>())
            .add(line.substring(colon + 1).strip());
      }
    }
    HttpHeaders headers = HttpHeaders.of(fields, (name, value) -> true);
    boolean chunked =
        headers
            .firstValue("Transfer-Encoding")
            .map(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))
            .orElse(false);
    long length = headers.firstValueAsLong("Content-Length").orElse(-1);
    byte[] body =
        chunked
            ? chunked(in)
            : length >= 0
                ? in.readNBytes((int) Math.min(length, LimitedBody.LIMIT))
                : in.readNBytes(LimitedBody.LIMIT);
    return new HttpCaller.Exchange(code, headers, body);
  }

  private static byte[] chunked(InputStream in) throws IOException {
    var body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int end = size.indexOf(';');
      long length;
      try {
        length = Long.parseLong((end < 0 ? size : size.substring(0, end)).strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("a malformed chunked answer");
      }
      if (length == 0 || body.size() + length > LimitedBody.LIMIT) {
        return body.toByteArray();
      }
      body.write(in.readNBytes((int) length));
      line(in);
    }
  }

  /** One header line, without its CRLF. */
  private static String line(InputStream in) throws IOException {
    var line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (line.isEmpty()) {
          throw new IOException("the connection closed before the answer was complete");
        }
        return line.toString();
      }
      if (c == '\n') {
        int last = line.length() - 1;
        return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
      }
      if (line.length() > MAX_HEAD) {
        throw new IOException("the answer's headers are too long");
      }
      line.append((char) c);
    }
  }

  /** A blocking channel connected to {@code uri}'s host within {@code timeout}. */
  static SocketChannel connect(URI uri, Duration timeout) throws IOException {
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    SocketChannel channel = SocketChannel.open();
    try {
      channel
          .socket()
          .connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }
}
