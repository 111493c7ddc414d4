package io.revlake.catalog;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Warehouse roots are strings: a local path ({@code warehouse}, {@code /data/wh}) or any Hadoop-compatible URI
 * ({@code file:///data/wh}, {@code s3a://bucket/wh}, {@code abfss://c@account.dfs.core.windows.net/wh},
 * {@code hdfs://nn:8020/wh}). Spark, Delta and Delta Kernel resolve them with Hadoop's FileSystem, so no code
 * here may turn one into a {@link java.io.File} or {@link Path}.
 */
public final class Warehouses {
    /** A URI scheme of two or more letters, so a Windows drive ({@code C:\wh}) stays a path. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private Warehouses() {
    }

    /** True when the root names its file system ({@code s3a:}, {@code file:}, …) rather than being a bare path. */
    public static boolean hasScheme(String warehouse) {
        return SCHEME.matcher(warehouse).find();
    }

    /**
     * The root made independent of the current directory, for handing to another process: a bare path becomes
     * absolute; a URI is returned unchanged.
     */
    public static String absolute(String warehouse) {
        return hasScheme(warehouse) ? warehouse : Path.of(warehouse).toAbsolutePath().normalize().toString();
    }
}
