package io.revlake.notebooks.kernel;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * JShell's in-process execution engine, keeping each snippet's value as an object.
 *
 * <p>JShell hands the front end only a snippet's value <em>string</em>. To render a Tablesaw table or a chart
 * as HTML the kernel needs the object itself, so {@link #invoke(Method)} stores the value and returns a key
 * instead; the kernel takes the value back with {@link #take}. The same idea as JJava's own kernel. Snippets
 * run on the calling thread in this JVM, so user code sees the kernel's classpath and the notebook streams.
 */
final class ObjectExecutionControl extends DirectExecutionControl {
    private static final String KEY_PREFIX = "revlake-value-";

    private final AtomicLong ids = new AtomicLong();
    /** Values by key; a HashMap because a snippet's value may be null. */
    private final Map<String, Object> values = new HashMap<>();

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = doitMethod.invoke(null);
        String key = KEY_PREFIX + ids.incrementAndGet();
        synchronized (values) {
            values.put(key, value);
        }
        return key;
    }

    /** Whether {@code key} is a value key made by {@link #invoke(Method)} and not taken yet. */
    boolean holds(String key) {
        synchronized (values) {
            return key != null && values.containsKey(key);
        }
    }

    /** Removes and returns the value stored under {@code key}. */
    Object take(String key) {
        synchronized (values) {
            return values.remove(key);
        }
    }

    /** Drops every value not taken (after a failed cell), so they do not pile up in memory. */
    void clear() {
        synchronized (values) {
            values.clear();
        }
    }
}
