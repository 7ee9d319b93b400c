package dev.thinkrig.deploy.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A streamed answer read line by line (NDJSON or server-sent events) under two limits the HTTP client does not set
 * itself: a deadline for the whole answer (the client's request timeout ends when the headers arrive) and a longest
 * line, so an engine that streams forever, or sends megabytes without a newline, ends in an {@link EngineApiException}
 * instead of a hang or an OutOfMemoryError.
 */
final class LineStream implements AutoCloseable {

    /**
     * The longest line read: 1 MiB. A streamed piece is a token or a few (vLLM's and Ollama's chunks are one delta each,
     * under a kilobyte); a model list or an error body is a few kilobytes.
     */
    static final int MAX_LINE_BYTES = 1 << 20;

    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "thinkrig-stream-deadline");
        t.setDaemon(true);
        return t;
    });

    /** How often the deadline and the silence are checked. */
    private static final long CHECK_MILLIS = 200;

    private final InputStream in;
    private final URI uri;
    private final Duration limit;
    private final long deadlineNanos;
    private final long silenceNanos;
    private volatile ScheduledFuture<?> alarm;
    private volatile long lastBytesNanos = System.nanoTime();
    /** Why the answer was cut off, or null while it may go on. */
    private volatile String expired;

    private final byte[] buffer = new byte[8192];
    private int position;
    private int filled;

    /**
     * Reads {@code in} from {@code uri}; closes it, ending any read, when {@code remaining} has passed or nothing arrived
     * for {@code silence}. {@code limit} is the whole answer's time, for the message.
     */
    LineStream(InputStream in, URI uri, Duration limit, Duration remaining, Duration silence) {
        this.in = in;
        this.uri = uri;
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + Math.max(0, remaining.toNanos());
        this.silenceNanos = silence.toNanos();
        this.alarm = ALARMS.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The next line without its line break, or null at the end of the answer. */
    String next() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                if (position == filled) {
                    filled = expired != null ? -1 : in.read(buffer);
                    position = 0;
                    lastBytesNanos = System.nanoTime();
                    if (filled < 0) {
                        filled = 0;
                        checkDeadline();
                        return line.size() == 0 ? null : text(line);
                    }
                }
                int start = position;
                while (position < filled && buffer[position] != '\n') {
                    position++;
                }
                line.write(buffer, start, position - start);
                if (line.size() > MAX_LINE_BYTES) {
                    throw new EngineApiException(
                            EngineApiException.Kind.MALFORMED,
                            uri + " sent a line longer than " + MAX_LINE_BYTES / (1 << 20)
                                    + " MiB without a line break; an engine streams a token or a few a line",
                            null);
                }
                if (position < filled) {
                    position++; // the line break
                    return text(line);
                }
            }
        } catch (IOException e) {
            checkDeadline();
            throw new EngineApiException(
                    EngineApiException.Kind.UNREACHABLE, "the answer from " + uri + " broke off: " + e.getMessage(), e);
        }
    }

    private void checkDeadline() {
        if (expired != null) {
            throw new EngineApiException(EngineApiException.Kind.TIMEOUT, expired, null);
        }
    }

    private static String text(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private void check() {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            expire("the answer from " + uri + " did not end within " + seconds(limit));
        } else if (now - lastBytesNanos >= silenceNanos) {
            expire("the answer from " + uri + " stalled: nothing arrived for "
                    + seconds(Duration.ofNanos(silenceNanos)));
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private void expire(String why) {
        expired = why;
        alarm.cancel(false);
        try {
            in.close();
        } catch (IOException e) {
            // the reader sees the deadline on its next read
        }
    }

    @Override
    public void close() {
        alarm.cancel(false);
        try {
            in.close();
        } catch (IOException e) {
            // an answer read to its end, or abandoned: nothing is left to fail
        }
    }
}
