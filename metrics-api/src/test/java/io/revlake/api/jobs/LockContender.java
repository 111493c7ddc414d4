package io.revlake.api.jobs;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A process that competes for a job lock, for {@link JobLockTest}.
 * <ul>
 *   <li>{@code compete LOCKDIR JOB MARKER ROUNDS}: ROUNDS times, try the lock; while holding it, create MARKER
 *       exclusively (finding it already there means two holders at once: prints {@code OVERLAP}), work a little,
 *       delete it. Prints {@code held N refused M overlaps K} at the end.</li>
 *   <li>{@code hold LOCKDIR JOB}: take the lock, print {@code locked}, and hold it until killed.</li>
 * </ul>
 */
public final class LockContender {
    public static void main(String[] args) throws Exception {
        Path lockDir = Path.of(args[1]);
        String job = args[2];
        if (args[0].equals("hold")) {
            Optional<JobLock> lock = JobLock.tryAcquire(lockDir, job, "holder " + ProcessHandle.current().pid());
            System.out.println(lock.isPresent() ? "locked" : "refused");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            return;
        }
        Path marker = Path.of(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int held = 0;
        int refused = 0;
        int overlaps = 0;
        for (int i = 0; i < rounds; i++) {
            Optional<JobLock> lock = JobLock.tryAcquire(lockDir, job, "contender " + ProcessHandle.current().pid());
            if (lock.isEmpty()) {
                refused++;
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 4));
                continue;
            }
            try (JobLock l = lock.get()) {
                held++;
                try {
                    Files.createFile(marker);
                } catch (FileAlreadyExistsException e) {
                    overlaps++;
                    System.out.println("OVERLAP");
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(2, 6));
                Files.deleteIfExists(marker);
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 3));
        }
        System.out.println("held " + held + " refused " + refused + " overlaps " + overlaps);
    }
}
