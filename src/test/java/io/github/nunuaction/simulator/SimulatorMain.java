package io.github.nunuaction.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Runs the simulated nunu API as a process, for the demo, the benchmarks and the container tests.
 *
 * <pre>java -cp target/nunu-action.jar:target/nunu-action-tests.jar \
 *   io.github.nunuaction.simulator.SimulatorMain [--port 8787] [--retry-after 1] [--part-size BYTES]
 *   [--multipart-above BYTES] [--polls 3] [--keep-bytes-up-to BYTES] [--storage-url URL] [--log-requests]
 *   [--host 0.0.0.0] [--tls-keystore sim.p12 --tls-password changeit]
 *   [--large-plan TESTS] [--ignore-job-filters] [--refuse-job-lists] [--rate-limit PER_SECOND[:BURST]]
 *   [--unhelpful] [--random-faults RATE:SEED]
 * </pre>
 *
 * <p>{@code --unhelpful} makes it as unhelpful as the docs allow: lists ignore their filters and
 * come oldest first, and knowledge files have multipart ETags. {@code --random-faults 0.3:7} fails
 * 30% of the requests at random (seed 7).
 *
 * <p>{@code --large-plan} adds {@link NunuSimulator#LARGE_PLAN} with that many tests, every tenth
 * failing. On exit (SIGTERM), it prints {@code requests <total> throttled <429s>}.
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    String keystore = option(options, "--tls-keystore", null);
    var simulator =
        new NunuSimulator(
            option(options, "--host", "127.0.0.1"),
            Integer.parseInt(option(options, "--port", "8787")),
            keystore == null
                ? null
                : tls(
                    Path.of(keystore),
                    option(options, "--tls-password", "changeit").toCharArray()));
    String retryAfter = option(options, "--retry-after", null);
    simulator.retryAfter(retryAfter == null ? null : Integer.valueOf(retryAfter));
    simulator.pollsBeforeCompletion(Integer.parseInt(option(options, "--polls", "3")));
    simulator.multipartAbove(
        Long.parseLong(option(options, "--multipart-above", String.valueOf(3 * NunuSimulator.GIB))),
        Long.parseLong(option(options, "--part-size", String.valueOf(100L * 1024 * 1024))));
    simulator.keepBytesUpTo(Long.parseLong(option(options, "--keep-bytes-up-to", "0")));
    simulator.externalStorage(option(options, "--storage-url", null));
    simulator.logRequests(options.contains("--log-requests"));
    simulator.ignoreJobFilters(options.contains("--ignore-job-filters"));
    if (options.contains("--refuse-job-lists")) {
      simulator.failRoute("GET /jobs", 400);
    }
    if (options.contains("--unhelpful")) {
      simulator.ignoreListFilters(true).oldestFirst(true).multipartKnowledgeEtags(true);
    }
    String faults = option(options, "--random-faults", null);
    if (faults != null) {
      String[] rateAndSeed = faults.split(":");
      simulator.randomFaults(
          Double.parseDouble(rateAndSeed[0]),
          rateAndSeed.length > 1 ? Long.parseLong(rateAndSeed[1]) : 1);
    }
    String largePlan = option(options, "--large-plan", null);
    if (largePlan != null) {
      simulator.addLargePlan(Integer.parseInt(largePlan), 10);
    }
    String rateLimit = option(options, "--rate-limit", null);
    if (rateLimit != null) {
      String[] limit = rateLimit.split(":");
      simulator.rateLimit(
          Double.parseDouble(limit[0]),
          limit.length > 1 ? Integer.parseInt(limit[1]) : (int) Double.parseDouble(limit[0]));
    }
    simulator.startServing();
    System.out.println(
        "nunu simulator listening: api-url "
            + simulator.apiUrl()
            + ", artifacts-url "
            + simulator.artifactsUrl()
            + ", api-key "
            + NunuSimulator.API_KEY);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(
                      "requests "
                          + simulator.requests().size()
                          + " throttled "
                          + simulator.throttled());
                  simulator.close();
                }));
    Thread.currentThread().join();
  }

  /** A server context from a PKCS12 key store. */
  public static SSLContext tls(Path keystore, char[] password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, password);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static String option(List<String> options, String name, String fallback) {
    int index = options.indexOf(name);
    return index >= 0 && index + 1 < options.size() ? options.get(index + 1) : fallback;
  }
}
