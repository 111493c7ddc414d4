package io.revlake.api.jobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock of one job: an OS file lock on {@code <locks>/<job>.lock}. At most one holder per job across every
 * process on the machine (and across machines where the file system supports locks); the OS releases it when the
 * holding process dies, however it dies, so a crash never leaves a job locked.
 *
 * <p>Within one JVM a second acquire of a held lock fails without opening the file again: on POSIX systems closing
 * any descriptor of a file drops every lock the process holds on it, so the file is opened only by its holder.
 */
public final class JobLock implements AutoCloseable {
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private JobLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a job: {@code ingest:canonical} → {@code ingest_canonical.lock}. */
    public static Path fileOf(Path lockDir, String job) {
        return lockDir.resolve(job.replaceAll("[^A-Za-z0-9_-]", "_") + ".lock").toAbsolutePath().normalize();
    }

    /**
     * Takes the lock if no one holds it.
     *
     * @param owner written into the file for people ("run r-1 by 1234@host since …"); never read back
     * @return the held lock, or empty when another holder (this JVM or another process) has it
     */
    public static Optional<JobLock> tryAcquire(Path lockDir, String job, String owner) throws IOException {
        Path file = fileOf(lockDir, job);
        if (!HELD_HERE.add(file)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                HELD_HERE.remove(file);
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return Optional.of(new JobLock(file, channel, lock));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            HELD_HERE.remove(file);
            throw e;
        }
    }

    /**
     * Who holds the job's lock, as its holder wrote in the file: "this process" when it is held here, "" when
     * unknown. Reads the file only when this process does not hold it (see the class comment).
     */
    public static String describeHolder(Path lockDir, String job) {
        Path file = fileOf(lockDir, job);
        if (HELD_HERE.contains(file)) {
            return "held by this process";
        }
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock. The file stays (deleting it could let two processes lock two different files). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The channel is closed either way and the OS drops the lock with it.
        } finally {
            HELD_HERE.remove(file);
        }
    }
}
