package io.revlake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one master and one worker as child JVMs, run from a
 * distribution-shaped SPARK_HOME ({@code jars/} linking the given Spark jars, {@code conf/}), so executors get exactly
 * those jars, like on a real cluster, and the application has to bring Delta and its own code in its jar.
 *
 * <p>{@link #close()} ends the master, the worker and every process they started (executors), also when a test
 * failed; a JVM shutdown hook does the same if the test JVM is stopped. The process ids are written to
 * {@code pidFile} so a wrapper script can clean up after a killed test JVM.
 */
final class LocalStandaloneCluster implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    final Path sparkHome;
    final Path workDir;
    final Path logDir;
    final int masterPort;
    final int masterWebPort;
    private final List<String> jvmOptions;
    private final Path pidFile;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAll, "standalone-cluster-cleanup");

    /**
     * @param sparkJars  the cluster's Spark (Scala, Hadoop client, …) jars; must not contain the application
     * @param root       empty folder for SPARK_HOME, the worker's work dir and the logs
     * @param jvmOptions options every JVM gets (the --add-opens list)
     */
    LocalStandaloneCluster(List<Path> sparkJars, Path root, List<String> jvmOptions, Path pidFile) throws IOException {
        this.sparkHome = root.resolve("spark-home");
        this.workDir = root.resolve("work");
        this.logDir = root.resolve("logs");
        this.jvmOptions = List.copyOf(jvmOptions);
        this.pidFile = pidFile;
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (Path jar : sparkJars) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        Files.createDirectories(sparkHome.resolve("conf"));
        Files.createDirectories(workDir);
        Files.createDirectories(logDir);
        Files.createDirectories(root.resolve("local"));
        masterPort = freePort();
        masterWebPort = freePort();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    String masterUrl() {
        return "spark://" + HOST + ":" + masterPort;
    }

    /** Starts the master and one worker with {@code cores} cores and {@code memory} for executors; waits for both. */
    void start(int cores, String memory, Duration timeout) throws IOException, InterruptedException {
        start("master", "org.apache.spark.deploy.master.Master",
                List.of("--host", HOST, "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterWebPort)));
        start("worker", "org.apache.spark.deploy.worker.Worker",
                List.of("--host", HOST, "--cores", String.valueOf(cores), "--memory", memory,
                        "--work-dir", workDir.toString(), "--webui-port", String.valueOf(freePort()), masterUrl()));
        awaitWorker(timeout);
    }

    /**
     * Runs a child JVM on the cluster's jars (plus {@code extraClassPath}, may be empty) with the cluster's
     * environment, output to {@code logs/<name>.log}. The process is ended by {@link #close()}.
     */
    Process start(String name, String mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + (name.equals("driver") ? "1g" : "256m"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + "/*");
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile());
        pb.environment().putAll(environment());
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        Files.writeString(pidFile, p.pid() + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return p;
    }

    /** What a Spark distribution's scripts would export: loopback only, this SPARK_HOME, scratch under the root. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_LOCAL_HOSTNAME", HOST);
        env.put("SPARK_LOCAL_DIRS", sparkHome.getParent().resolve("local").toString());
        env.put("SPARK_WORKER_DIR", workDir.toString());
        return env;
    }

    String log(String name) {
        try {
            Path f = logDir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "(no log " + f + ")";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a child's log, for failure messages. */
    String tail(String name, int lines) {
        List<String> all = log(name).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Executor logs the worker wrote under {@code work/app-…/<executor>/stderr}. */
    List<Path> executorLogs() throws IOException {
        try (Stream<Path> s = Files.walk(workDir)) {
            return s.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }

    private void awaitWorker(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterWebPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : List.copyOf(processes)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited early (exit " + p.exitValue() + ")\nmaster:\n"
                            + tail("master", 30) + "\nworker:\n" + tail("worker", 30));
                }
            }
            try {
                String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = ALIVE_WORKERS.matcher(body);
                if (m.find() && Integer.parseInt(m.group(1)) >= 1) {
                    return;
                }
            } catch (IOException notYet) {
                // master not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no worker registered with the master within " + timeout + "\nmaster:\n"
                + tail("master", 30) + "\nworker:\n" + tail("worker", 30));
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }

    /** SIGTERM to every child and its descendants (the worker's executors), SIGKILL to what is left after 10 s. */
    private void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        synchronized (processes) {
            for (Process p : processes) {
                p.descendants().forEach(all::add);
                all.add(p.toHandle());
            }
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                h.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** Splits the pom's {@code spark.jvm.opens} string (passed as a system property) into JVM options. */
    static List<String> splitOptions(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
