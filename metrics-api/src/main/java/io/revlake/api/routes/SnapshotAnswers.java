package io.revlake.api.routes;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finished answers of the serving snapshot: the body bytes, their ETag and content type, per route, query string and
 * format. An answer depends only on the snapshot and the request (never on the caller: roles are checked before), so
 * once written it is sent again as it is, without computing, serialising or hashing anything. Dashboards ask the same
 * few questions all morning; at 100k customers this took the MRR summary's p99 at 1,000 requests/s from 35-70 ms to
 * 4-10 ms (bench/README.md).
 *
 * <p>The request is pinned to the snapshot it was looked up in ({@link AsOfSnapshots#resolve} answers from it), so a
 * stored answer is always that snapshot's. A new snapshot starts an empty set; the old one is dropped with it.
 * Requests with {@code as_of} are not stored here (time travel has its own cache of table versions).
 */
public final class SnapshotAnswers {
    /** Request attribute holding the snapshot a request answers from when it has no {@code as_of}. */
    static final String PINNED = "revlake.snapshot";
    /** Bodies larger than this (a whole customer list as CSV, say) are computed each time. */
    static final int MAX_ANSWER_BYTES = 4 << 20;
    /** Bytes of bodies kept per snapshot; beyond it answers are computed each time until the next snapshot. */
    static final long MAX_BYTES = 128L << 20;

    private record Answer(byte[] body, String etag, String contentType, String disposition) {
    }

    private record Generation(GoldSnapshot snapshot, Map<String, Answer> answers, AtomicLong bytes) {
    }

    private final GoldStore store;
    private final AtomicReference<Generation> generation = new AtomicReference<>();

    public SnapshotAnswers(GoldStore store) {
        this.store = store;
    }

    /** Answers from the stored body when this snapshot already answered the same request; else runs and stores. */
    void handle(Context ctx, boolean csv, Handler handler) throws Exception {
        if (ctx.queryParam("as_of") != null) {
            handler.handle(ctx);
            return;
        }
        Generation g = generationOf(store.current());
        String key = (csv ? "csv " : "json ") + ctx.path() + "?" + (ctx.queryString() == null ? "" : ctx.queryString());
        Answer stored = g.answers().get(key);
        if (stored != null) {
            write(ctx, stored);
            return;
        }
        ctx.attribute(PINNED, g.snapshot());
        handler.handle(ctx);
        InputStream result = ctx.resultInputStream();
        if (ctx.statusCode() != 200 || result == null) {
            return;
        }
        byte[] body = result.readAllBytes();
        Answer answer = new Answer(body, etag(body), ctx.res().getContentType(), ctx.res().getHeader(
                Header.CONTENT_DISPOSITION));
        ctx.result(body);
        ctx.header(Header.ETAG, answer.etag());
        // Counted only when stored: two requests computing the same answer at once store (and count) it once.
        if (body.length <= MAX_ANSWER_BYTES && g.bytes().get() + body.length <= MAX_BYTES
                && g.answers().putIfAbsent(key, answer) == null) {
            g.bytes().addAndGet(body.length);
        }
    }

    /** How many answers the serving snapshot has stored (for tests and logs). */
    public int size() {
        Generation g = generation.get();
        return g == null || g.snapshot() != store.current() ? 0 : g.answers().size();
    }

    private Generation generationOf(GoldSnapshot snapshot) {
        while (true) {
            Generation g = generation.get();
            if (g != null && g.snapshot() == snapshot) {
                return g;
            }
            Generation fresh = new Generation(snapshot, new ConcurrentHashMap<>(), new AtomicLong());
            if (snapshot != store.current()) {
                return fresh; // swapped since this request looked: answer it, but keep the newer snapshot's set
            }
            if (generation.compareAndSet(g, fresh)) {
                return fresh;
            }
        }
    }

    private static void write(Context ctx, Answer answer) {
        if (answer.contentType() != null) {
            ctx.contentType(answer.contentType());
        }
        if (answer.disposition() != null) {
            ctx.header(Header.CONTENT_DISPOSITION, answer.disposition());
        }
        // With the ETag set here, Javalin answers 304 itself when If-None-Match matches, and hashes nothing.
        ctx.header(Header.ETAG, answer.etag());
        ctx.result(answer.body());
    }

    /** A strong ETag: the first 128 bits of the body's SHA-256, quoted. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
