package dev.thinkrig.deploy.natively;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server process a native deployment started, found again by its PID and start time: a PID alone may have been
 * reused by an unrelated program since, its start time with it cannot.
 */
public final class NativeProcess {

    /** How long {@code ollama serve} gets to stop its runners after SIGTERM before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** Start times as two reads of the same process report them may differ by rounding; a reused PID differs more. */
    static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private NativeProcess() {}

    /** The running process {@code pid} if it started at {@code started}; a process started another time is not ours. */
    public static Optional<ProcessHandle> find(long pid, Optional<Instant> started) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> sameStart(h, started));
    }

    private static boolean sameStart(ProcessHandle h, Optional<Instant> started) {
        Optional<Instant> actual = h.info().startInstant();
        if (started.isEmpty() || actual.isEmpty()) {
            return false; // nothing to tell it from another program with the same PID: never touch it
        }
        return Duration.between(started.get(), actual.get()).abs().compareTo(START_TOLERANCE) <= 0;
    }

    /** When {@code h} started, where the system tells. */
    public static Optional<Instant> startOf(ProcessHandle h) {
        return h.info().startInstant();
    }

    /** Stops {@code h}: SIGTERM, then SIGKILL after {@link #GRACE}; true once it is gone. */
    public static boolean stop(ProcessHandle h) {
        return stop(h, GRACE);
    }

    static boolean stop(ProcessHandle h, Duration grace) {
        if (!h.isAlive()) {
            return true;
        }
        h.destroy();
        if (await(h, grace)) {
            return true;
        }
        h.destroyForcibly();
        return await(h, grace);
    }

    private static boolean await(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }
}
