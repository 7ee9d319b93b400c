package dev.thinkrig.profiles.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The one owner of {@link ProcessBuilder} in thinkrig: runs a tool with a C locale and a timeout. */
public final class ProcessCommandRunner implements CommandRunner {

    // After a kill, how long to wait for the streams to close before giving up on what was printed.
    private static final Duration DRAIN_AFTER_KILL = Duration.ofSeconds(2);

    @Override
    public Optional<CommandResult> run(List<String> command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        // Tools translate messages and change number formats with the locale (a decimal comma would break CSV).
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException notInstalled) {
            // "error=2, No such file or directory" or "error=13, Permission denied": the tool is not available here
            return Optional.empty();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the tool reads no input; a stdin that cannot be closed changes nothing
        }
        // Both streams are drained while the process runs: a tool that fills the pipe buffer would block forever.
        FutureTask<String> stdout = drain(process.getInputStream(), command.get(0) + " stdout");
        FutureTask<String> stderr = drain(process.getErrorStream(), command.get(0) + " stderr");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new CommandTimeoutException(command, timeout);
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new DetectionException("interrupted while waiting for " + String.join(" ", command), e);
        }
        String out = collect(stdout, command);
        String err = collect(stderr, command);
        return Optional.of(new CommandResult(process.exitValue(), out.lines().toList(), err));
    }

    /**
     * Kills the process and everything it started. Descendants are listed first: once the parent is gone its children
     * are re-parented and can no longer be found from it, and a surviving child would keep the pipes open.
     */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(DRAIN_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static FutureTask<String> drain(InputStream stream, String name) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (InputStream in = stream) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static String collect(FutureTask<String> stream, List<String> command) {
        try {
            return stream.get(DRAIN_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DetectionException("interrupted while reading the output of " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new UncheckedIOException(
                    "cannot read the output of " + String.join(" ", command),
                    cause instanceof IOException io ? io : new IOException(cause));
        } catch (TimeoutException e) {
            // the process exited but a child it left behind still holds the pipe open
            throw new DetectionException(
                    String.join(" ", command)
                            + " exited but its output stream stayed open (a child process left running?)",
                    e);
        }
    }
}
