package io.github.nunuaction.upload;

import io.github.nunuaction.http.LocalFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a file, read in blocks: memory does not depend on the file's size. */
final class ContentHash {
  private static final int BLOCK = 1024 * 1024;

  private ContentHash() {}

  static String sha256(Path file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (channel.read(block.clear()) >= 0) {
        digest.update(block.flip());
      }
    } catch (IOException e) {
      throw new LocalFileException("Could not read " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
