package io.github.nunuaction.simulator;

import java.util.Arrays;
import java.util.List;

/**
 * Runs the simulated nunu API as a process, for the demo, the benchmarks and the container tests.
 *
 * <pre>java -cp target/nunu-action.jar:target/nunu-action-tests.jar \
 *   io.github.nunuaction.simulator.SimulatorMain [--port 8787] [--retry-after 1] [--part-size BYTES]
 *   [--multipart-above BYTES] [--polls 3] [--keep-bytes-up-to BYTES] [--storage-url URL] [--log-requests]</pre>
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    var simulator = new NunuSimulator(Integer.parseInt(option(options, "--port", "8787")));
    String retryAfter = option(options, "--retry-after", null);
    simulator.retryAfter(retryAfter == null ? null : Integer.valueOf(retryAfter));
    simulator.pollsBeforeCompletion(Integer.parseInt(option(options, "--polls", "3")));
    simulator.multipartAbove(
        Long.parseLong(option(options, "--multipart-above", String.valueOf(3 * NunuSimulator.GIB))),
        Long.parseLong(option(options, "--part-size", String.valueOf(100L * 1024 * 1024))));
    simulator.keepBytesUpTo(Long.parseLong(option(options, "--keep-bytes-up-to", "0")));
    simulator.externalStorage(option(options, "--storage-url", null));
    simulator.logRequests(options.contains("--log-requests"));
    simulator.startServing();
    System.out.println("nunu simulator listening: api-url " + simulator.apiUrl() + ", artifacts-url " + simulator.artifactsUrl()
        + ", api-key " + NunuSimulator.API_KEY);
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
    Thread.currentThread().join();
  }

  private static String option(List<String> options, String name, String fallback) {
    int index = options.indexOf(name);
    return index >= 0 && index + 1 < options.size() ? options.get(index + 1) : fallback;
  }
}
