package org.llmadvisor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load at a fixed rate (requests are sent on schedule whether or not earlier ones have
 * answered, so a slow server cannot slow the load down and hide its latency). Prints p50, p99, max
 * and errors.
 *
 * <p>Usage: {@code LoadGenerator <url> <requestsPerSecond> <seconds> [label [model]] [-- <url>
 * ...]}; {@code -Dbody=file} sends that body instead of a small chat request.
 */
public final class LoadGenerator {

  private static final String BODY =
      "{\"model\":\"%s\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    // several runs separated by "--" share one JVM, so the generator's own JIT compilation is over
    // before the measured runs instead of competing with what they measure
    List<List<String>> runs = new ArrayList<>();
    runs.add(new ArrayList<>());
    for (String a : args) {
      if (a.equals("--")) {
        runs.add(new ArrayList<>());
      } else {
        runs.get(runs.size() - 1).add(a);
      }
    }
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    for (List<String> r : runs) {
      measure(client, r);
    }
  }

  /** One run: {@code url rate seconds [label [model]]}. */
  private static void measure(HttpClient client, List<String> args) throws Exception {
    URI url = URI.create(args.get(0));
    int rate = Integer.parseInt(args.get(1));
    int seconds = Integer.parseInt(args.get(2));
    String label = args.size() > 3 ? args.get(3) : url.toString();
    String model = args.size() > 4 ? args.get(4) : System.getProperty("model", "gpt-4o-mini");
    String bodyFile = System.getProperty("body");
    String body =
        bodyFile == null
            ? String.format(BODY, model)
            : java.nio.file.Files.readString(java.nio.file.Path.of(bodyFile));
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    // warm-up at the same rate, not measured: lets both JVMs compile the hot path
    int warmup = Integer.getInteger("warmupSeconds", 5);
    run(client, request, rate, warmup, new ConcurrentLinkedQueue<>(), new AtomicInteger());
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    run(client, request, rate, seconds, latencies, errors);
    long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%-24s %5d req/s %6d ok %4d errors  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms%n",
        label,
        rate,
        l.length,
        errors.get(),
        q(l, 0.50),
        q(l, 0.99),
        l.length == 0 ? 0 : l[l.length - 1] / 1e6);
  }

  private static void run(
      HttpClient client,
      HttpRequest request,
      int rate,
      int seconds,
      ConcurrentLinkedQueue<Long> latencies,
      AtomicInteger errors)
      throws InterruptedException {
    int total = rate * seconds;
    CountDownLatch done = new CountDownLatch(total);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    AtomicInteger sent = new AtomicInteger();
    ticker.scheduleAtFixedRate(
        () -> {
          long due = (System.nanoTime() - start) / periodNanos + 1;
          while (sent.get() < Math.min(due, total)) {
            sent.incrementAndGet();
            long t0 = System.nanoTime();
            client
                .sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                    (r, e) -> {
                      if (e != null || r.statusCode() != 200) {
                        if (errors.incrementAndGet() == 1) {
                          System.err.println(
                              "first error: " + (e != null ? e : "HTTP " + r.statusCode()));
                        }
                      } else {
                        latencies.add(System.nanoTime() - t0);
                      }
                      done.countDown();
                    });
          }
        },
        0,
        1,
        TimeUnit.MILLISECONDS);
    done.await(seconds + 60L, TimeUnit.SECONDS);
    ticker.shutdownNow();
  }

  private static double q(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(p * sorted.length) - 1] / 1e6;
  }
}
