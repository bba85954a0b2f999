package io.github.nunuaction.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;

/**
 * Streams one region of a file with positional reads, so that parts running in parallel share one
 * open channel without sharing a position, and nothing is held beyond the caller's buffer. Reports
 * every byte read, for progress.
 */
final class RegionInputStream extends InputStream {
  private final FileChannel channel;
  private final long end;
  private final LongConsumer onRead;
  private long position;

  RegionInputStream(FileChannel channel, long offset, long length, LongConsumer onRead) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + length;
    this.onRead = onRead;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (position >= end) {
      return -1;
    }
    int wanted = (int) Math.min(length, end - position);
    int read = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
    if (read < 0) {
      throw new IOException("the build file became shorter while it was being uploaded");
    }
    position += read;
    onRead.accept(read);
    return read;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - position);
  }
}
