package io.revlake.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP load at a fixed rate: request i is due at start + i / rate, whatever happened to the ones before, and
 * its latency is measured from that due time (so a stall is not hidden by sending less, "coordinated omission").
 * Paths are used round-robin; each gets its own latency figures.
 *
 * <pre>java [-Dwarmup.seconds=10] ApiLoad BASE_URL TOKEN RATE SECONDS PATH[,PATH…]</pre>
 * The measured run follows a warm-up of the same load (default 10 s) that is not counted.
 * Prints one line per path: requests, errors, achieved rate, p50 / p90 / p99 / max in ms; then the same by ten-second
 * window of the run.
 */
public final class ApiLoad {
    private ApiLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ApiLoad BASE_URL TOKEN RATE SECONDS PATH[,PATH…]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/$", "");
        String token = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String[] paths = args[4].split(",");
        int total = rate * seconds;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<HttpRequest> requests = new ArrayList<>();
        for (String p : paths) {
            requests.add(HttpRequest.newBuilder(URI.create(base + p)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build());
        }
        // Warm-up, not measured: the same open-loop load for a while, so both JVMs have compiled the hot paths at
        // this rate before anything is counted (a few thousand sequential requests left C2 compiling into the run).
        int warmup = Integer.getInteger("warmup.seconds", 10);
        if (warmup > 0) {
            run(client, requests, rate, warmup, paths);
            System.out.printf("warm-up: %d s at %d/s, not counted%n", warmup, rate);
        }

        long start = System.nanoTime();
        Result result = run(client, requests, rate, seconds, paths);
        long[] latency = result.latency();
        int[] status = result.status();
        AtomicLong errors = result.errors();
        Map<String, String> firstErrors = result.firstErrors();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("load: %d requests at %d/s for %d s (%.1f s to the last answer), %d errors%n",
                total, rate, seconds, elapsed, errors.get());
        firstErrors.forEach((k, v) -> System.out.println("  error " + k + ": " + v));
        for (int p = 0; p < paths.length; p++) {
            List<Long> mine = new ArrayList<>();
            int bad = 0;
            for (int i = p; i < total; i += paths.length) {
                mine.add(latency[i]);
                if (status[i] != 200) {
                    bad++;
                }
            }
            long[] sorted = mine.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            System.out.printf("%-60s n=%d errors=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", paths[p],
                    sorted.length, bad, ms(pct(sorted, 50)), ms(pct(sorted, 90)), ms(pct(sorted, 99)),
                    ms(sorted[sorted.length - 1]));
        }
        printWindows(latency, rate, Long.getLong("slow.ms", 10));
        System.exit(errors.get() == 0 ? 0 : 1);
    }

    record Result(long[] latency, int[] status, AtomicLong errors, Map<String, String> firstErrors) {
    }

    /** Sends rate × seconds requests, request i due at start + i / rate, and waits for every answer. */
    static Result run(HttpClient client, List<HttpRequest> requests, int rate, int seconds, String[] paths)
            throws InterruptedException {
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long[] latency = new long[total];
        int[] status = new int[total];
        AtomicLong errors = new AtomicLong();
        Map<String, String> firstErrors = new LinkedHashMap<>();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            final int n = i;
            client.sendAsync(requests.get(i % requests.size()), HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((resp, err) -> {
                        latency[n] = System.nanoTime() - due;
                        if (err != null || resp.statusCode() != 200 || resp.body().length == 0) {
                            errors.incrementAndGet();
                            synchronized (firstErrors) {
                                if (firstErrors.size() < 5) {
                                    firstErrors.put(paths[n % paths.length] + " #" + n, err != null ? err.toString()
                                            : "HTTP " + resp.statusCode());
                                }
                            }
                        }
                        status[n] = err != null ? -1 : resp.statusCode();
                        done.countDown();
                    });
        }
        done.await();
        return new Result(latency, status, errors, firstErrors);
    }

    /**
     * Latency by ten-second window of the run (by due time, every path together): shows whether a tail is spread out
     * or comes from one stretch (a GC pause, the snapshot reload, a background task), to be matched with the server's
     * log.
     */
    static void printWindows(long[] latency, int rate, long slowMs) {
        int window = 10 * rate;
        System.out.printf("by window: seconds, p50, p99, max, answers over %d ms%n", slowMs);
        for (int from = 0; from < latency.length; from += window) {
            long[] part = Arrays.copyOfRange(latency, from, Math.min(latency.length, from + window));
            long slow = Arrays.stream(part).filter(l -> l > slowMs * 1_000_000).count();
            Arrays.sort(part);
            System.out.printf("  %3d-%3d s  p50=%.2f ms  p99=%.2f ms  max=%.1f ms  slow=%d%n", from / rate,
                    (from + part.length) / rate, ms(pct(part, 50)), ms(pct(part, 99)), ms(part[part.length - 1]), slow);
        }
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
