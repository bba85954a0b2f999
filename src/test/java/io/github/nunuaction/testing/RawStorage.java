package io.github.nunuaction.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage endpoint on a plain socket, for what an HTTP server library cannot do: reset the
 * connection in the middle of a request body. {@code PUT /part-N} answers 200 with an ETag; the
 * first attempt at {@code resetPart} is cut off halfway with a TCP reset.
 */
public final class RawStorage implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final int resetPart;
  private final AtomicInteger resets = new AtomicInteger();
  private final Map<Integer, byte[]> received = new ConcurrentHashMap<>();
  private final List<Integer> attempts = new CopyOnWriteArrayList<>();

  public RawStorage(int resetPart) throws IOException {
    this.resetPart = resetPart;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(this::accept);
  }

  public String url(int part) {
    return "http://127.0.0.1:" + server.getLocalPort() + "/part-" + part + "?X-Amz-Signature=raw";
  }

  public Map<Integer, byte[]> received() {
    return Map.copyOf(received);
  }

  public List<Integer> attempts() {
    return List.copyOf(attempts);
  }

  public int resets() {
    return resets.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        pool.execute(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      String requestLine = head.lines().findFirst().orElse("");
      int part = Integer.parseInt(requestLine.replaceAll(".*/part-(\\d+).*", "$1"));
      long length =
          head.lines()
              .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
              .mapToLong(l -> Long.parseLong(l.substring(15).strip()))
              .findFirst()
              .orElse(-1);
      attempts.add(part);
      if (part == resetPart && resets.get() == 0) {
        in.readNBytes((int) (length / 2));
        resets.incrementAndGet();
        socket.setSoLinger(true, 0);
        return;
      }
      received.put(part, in.readNBytes((int) length));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nETag: \"raw-etag-"
                  + part
                  + "\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException | RuntimeException e) {
      // A client that gave up; nothing to record.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the headers ended");
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
