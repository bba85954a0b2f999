package io.github.nunuaction.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Storage for benchmarks: accepts {@code PUT}s over keep-alive HTTP/1.1, reads the body in large
 * blocks, discards it and answers 200 with an ETag. It does as little as a server can, so that a
 * benchmark on a two-core machine measures the uploader rather than the server.
 *
 * <p>For each request it prints {@code PUT <path> <bytes> <first byte nanos> <last byte nanos>}:
 * the transfer as storage saw it, measured the same way whichever client sent it.
 *
 * <pre>java -cp target/nunu-action-tests.jar io.github.nunuaction.simulator.DiscardStorage PORT
 * </pre>
 */
public final class DiscardStorage {
  private static final int BUFFER = 256 * 1024;

  private DiscardStorage() {}

  public static void main(String[] args) throws IOException {
    ServerSocketChannel server =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
    ExecutorService connections = Executors.newFixedThreadPool(40);
    System.out.println("discard storage listening on http://127.0.0.1:" + args[0]);
    while (true) {
      SocketChannel channel = server.accept();
      connections.execute(() -> serve(channel));
    }
  }

  private static void serve(SocketChannel channel) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    try (channel) {
      while (true) {
        buffer.clear();
        int headEnd = -1;
        while (headEnd < 0) {
          if (channel.read(buffer) < 0) {
            return;
          }
          headEnd = endOfHead(buffer);
          if (headEnd < 0 && !buffer.hasRemaining()) {
            return; // headers larger than the buffer
          }
        }
        long firstByte = System.nanoTime();
        String head =
            StandardCharsets.US_ASCII.decode(buffer.duplicate().flip().limit(headEnd)).toString();
        long length = 0;
        boolean expectContinue = false;
        for (String line : head.split("\r\n")) {
          String lower = line.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(line.substring("content-length:".length()).strip());
          }
          expectContinue |= lower.startsWith("expect:") && lower.contains("100-continue");
        }
        if (expectContinue) {
          // As S3 and R2 do: curl otherwise waits a second before sending the body.
          channel.write(
              ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        long left = length - (buffer.position() - headEnd - 4);
        while (left > 0) {
          buffer.clear();
          if (left < buffer.capacity()) {
            buffer.limit((int) left);
          }
          int read = channel.read(buffer);
          if (read < 0) {
            return;
          }
          left -= read;
        }
        long lastByte = System.nanoTime();
        String path =
            head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1))
                .replaceAll("\\?.*", "");
        System.out.println("PUT " + path + " " + length + " " + firstByte + " " + lastByte);
        String etag =
            "\"discarded-" + Long.toHexString(length) + "-" + Long.toHexString(lastByte) + "\"";
        channel.write(
            ByteBuffer.wrap(
                ("HTTP/1.1 200 OK\r\nETag: " + etag + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  private static int endOfHead(ByteBuffer buffer) {
    for (int i = 3; i < buffer.position(); i++) {
      if (buffer.get(i - 3) == '\r'
          && buffer.get(i - 2) == '\n'
          && buffer.get(i - 1) == '\r'
          && buffer.get(i) == '\n') {
        return i - 3;
      }
    }
    return -1;
  }
}
