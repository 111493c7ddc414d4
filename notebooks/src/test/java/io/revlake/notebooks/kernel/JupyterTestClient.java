package io.revlake.notebooks.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal Jupyter client speaking the wire protocol (v5.3) over ZeroMQ with HMAC-SHA256 signatures, as
 * jupyter_client does: requests on the shell socket, outputs collected from IOPub until the kernel is idle.
 */
final class JupyterTestClient implements AutoCloseable {
    private static final String DELIMITER = "<IDS|MSG>";
    private static final Gson GSON = new Gson();

    private final ZContext context = new ZContext();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket iopub;
    private final byte[] key;
    private final String session = UUID.randomUUID().toString();
    final int shellPort;
    final int iopubPort;
    final int controlPort;
    final int stdinPort;
    final int hbPort;
    final String keyText = UUID.randomUUID().toString();

    /** One message: header, parent header and content. */
    record Msg(JsonObject header, JsonObject parent, JsonObject content) {
        String type() {
            return header.get("msg_type").getAsString();
        }
    }

    /** The reply to a request and the IOPub messages it caused, in order (status messages left out). */
    record Result(Msg reply, List<Msg> outputs) {
        String status() {
            return reply.content().get("status").getAsString();
        }

        List<Msg> ofType(String type) {
            return outputs.stream().filter(m -> m.type().equals(type)).toList();
        }
    }

    JupyterTestClient() {
        this.key = keyText.getBytes(StandardCharsets.UTF_8);
        int[] ports = freePorts(5);
        shellPort = ports[0];
        iopubPort = ports[1];
        controlPort = ports[2];
        stdinPort = ports[3];
        hbPort = ports[4];
        shell = context.createSocket(SocketType.DEALER);
        iopub = context.createSocket(SocketType.SUB);
    }

    /** Writes the connection file Jupyter would pass to the kernel. */
    Path writeConnectionFile(Path dir) throws Exception {
        Map<String, Object> conn = Map.of("ip", "127.0.0.1", "transport", "tcp", "shell_port", shellPort,
                "iopub_port", iopubPort, "control_port", controlPort, "stdin_port", stdinPort, "hb_port", hbPort,
                "signature_scheme", "hmac-sha256", "key", keyText, "kernel_name", "revlake-java");
        Path file = dir.resolve("kernel-test.json");
        Files.writeString(file, GSON.toJson(conn));
        return file;
    }

    void connect() {
        shell.connect("tcp://127.0.0.1:" + shellPort);
        iopub.subscribe(new byte[0]);
        iopub.connect("tcp://127.0.0.1:" + iopubPort);
    }

    /**
     * Sends kernel_info requests until one is answered and IOPub delivers its status messages, so no output
     * is lost to ZeroMQ's slow-joiner effect.
     */
    Result waitUntilReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String id = send("kernel_info_request", new JsonObject());
            try {
                Result r = collect(id, Duration.ofSeconds(5));
                if (r != null) {
                    return r;
                }
            } catch (IllegalStateException timedOut) {
                // the kernel is still starting: ask again
            }
        }
        throw new IllegalStateException("kernel did not answer kernel_info_request within " + timeout);
    }

    Result execute(String code) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", false);
        content.addProperty("store_history", true);
        content.add("user_expressions", new JsonObject());
        content.addProperty("allow_stdin", false);
        content.addProperty("stop_on_error", true);
        return collect(send("execute_request", content), Duration.ofSeconds(120));
    }

    Result complete(String code, int cursor) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("cursor_pos", cursor);
        return collect(send("complete_request", content), Duration.ofSeconds(60));
    }

    Result shutdown() {
        JsonObject content = new JsonObject();
        content.addProperty("restart", false);
        return collect(send("shutdown_request", content), Duration.ofSeconds(30));
    }

    String send(String type, JsonObject content) {
        String id = UUID.randomUUID().toString();
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", id);
        header.addProperty("username", "test");
        header.addProperty("session", session);
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", "5.3");
        String h = GSON.toJson(header);
        String p = "{}";
        String m = "{}";
        String c = GSON.toJson(content);
        shell.sendMore(DELIMITER);
        shell.sendMore(sign(h, p, m, c));
        shell.sendMore(h);
        shell.sendMore(p);
        shell.sendMore(m);
        shell.send(c);
        return id;
    }

    /** Reads the shell reply to {@code msgId}, and IOPub messages for it until the kernel reports idle. */
    private Result collect(String msgId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Msg reply = null;
        List<Msg> outputs = new ArrayList<>();
        boolean idle = false;
        ZMQ.Poller poller = context.createPoller(2);
        poller.register(shell, ZMQ.Poller.POLLIN);
        poller.register(iopub, ZMQ.Poller.POLLIN);
        try {
            while (reply == null || !idle) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new IllegalStateException("no complete answer to " + msgId + " within " + timeout
                            + " (reply " + (reply != null) + ", idle " + idle + ")");
                }
                poller.poll(Math.min(left, 500));
                if (poller.pollin(0)) {
                    Msg m = read(shell);
                    if (isFor(m, msgId)) {
                        reply = m;
                    }
                }
                if (poller.pollin(1)) {
                    Msg m = read(iopub);
                    if (!isFor(m, msgId)) {
                        continue;
                    }
                    if (m.type().equals("status")) {
                        idle |= "idle".equals(m.content().get("execution_state").getAsString());
                    } else {
                        outputs.add(m);
                    }
                }
            }
        } finally {
            poller.close();
        }
        return new Result(reply, outputs);
    }

    private static boolean isFor(Msg m, String msgId) {
        return m.parent().has("msg_id") && m.parent().get("msg_id").getAsString().equals(msgId);
    }

    private Msg read(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        do {
            frames.add(socket.recv());
        } while (socket.hasReceiveMore());
        int d = 0;
        while (!new String(frames.get(d), StandardCharsets.UTF_8).equals(DELIMITER)) {
            d++;
        }
        String signature = new String(frames.get(d + 1), StandardCharsets.UTF_8);
        String h = new String(frames.get(d + 2), StandardCharsets.UTF_8);
        String p = new String(frames.get(d + 3), StandardCharsets.UTF_8);
        String m = new String(frames.get(d + 4), StandardCharsets.UTF_8);
        String c = new String(frames.get(d + 5), StandardCharsets.UTF_8);
        if (!signature.equals(sign(h, p, m, c))) {
            throw new IllegalStateException("bad HMAC signature on a kernel message: " + h);
        }
        return new Msg(JsonParser.parseString(h).getAsJsonObject(), JsonParser.parseString(p).getAsJsonObject(),
                JsonParser.parseString(c).getAsJsonObject());
    }

    private String sign(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String part : parts) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<java.net.ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                open.add(s);
                ports[i] = s.getLocalPort();
            }
            for (java.net.ServerSocket s : open) {
                s.close();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ports;
    }

    @Override
    public void close() {
        context.close();
    }
}
