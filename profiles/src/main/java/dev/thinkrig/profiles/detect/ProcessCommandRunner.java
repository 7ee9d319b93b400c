package dev.thinkrig.profiles.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs tools with {@link ProcessBuilder}: {@code LC_ALL=C} so numbers and messages are not localised, a timeout after
 * which the process and its children are killed (a hung nvidia-smi must not hang thinkrig), and a missing tool
 * reported as {@link CommandRunner.Status#NOT_FOUND}.
 */
public final class ProcessCommandRunner implements CommandRunner {

    /** Output beyond this is a broken tool, not a GPU listing; it is cut rather than held in memory. */
    static final int MAX_OUTPUT_BYTES = 4 << 20;

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return CommandResult.of(Status.NOT_FOUND); // "No such file or directory" / not executable
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // closing stdin of a tool that already exited is not a failure
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return CommandResult.of(Status.TIMED_OUT);
            }
            String stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String stderr = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new CommandResult(
                    Status.EXITED, process.exitValue(), stdout.lines().toList(), stderr);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return CommandResult.of(Status.FAILED);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            return CommandResult.of(Status.FAILED);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
