package io.github.nunuaction;

import io.github.nunuaction.actions.GitHubContext;
import io.github.nunuaction.actions.Workflow;
import io.github.nunuaction.config.InputParser;
import io.github.nunuaction.core.Cancellation;
import io.github.nunuaction.core.Clock;
import io.github.nunuaction.http.Timeouts;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The container's entry point: {@code post} runs the post step, anything else the main step. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(
        run(
            List.of(args),
            System.getenv(),
            utf8(FileDescriptor.out),
            utf8(FileDescriptor.err),
            Signals.install(),
            Clock.system(),
            Timeouts.DEFAULT));
  }

  /** What {@code main} does, with every outside dependency passed in: tests call this. */
  public static int run(
      List<String> args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      Cancellation cancellation,
      Clock clock,
      Timeouts timeouts) {
    GitHubContext context = GitHubContext.from(env);
    Workflow workflow = new Workflow(context, out, err);
    InputParser.secrets(env).forEach(workflow::mask);
    var session = new Session(context, workflow, cancellation, clock, timeouts);
    ExitCode code =
        args.equals(List.of("post")) ? PostStep.run(env, session) : MainStep.run(env, session);
    return code.code();
  }

  /** UTF-8 whatever the container's locale: summaries and names carry non-ASCII text. */
  private static PrintStream utf8(FileDescriptor descriptor) {
    return new PrintStream(new FileOutputStream(descriptor), true, StandardCharsets.UTF_8);
  }
}
