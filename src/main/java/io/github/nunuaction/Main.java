package io.github.nunuaction;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The container's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(NunuAction.run(List.of(args), System.getenv(), utf8(FileDescriptor.out), utf8(FileDescriptor.err), Signals.install()));
  }

  /** UTF-8 whatever the container's locale: summaries and names carry non-ASCII text. */
  private static PrintStream utf8(FileDescriptor descriptor) {
    return new PrintStream(new FileOutputStream(descriptor), true, StandardCharsets.UTF_8);
  }
}
