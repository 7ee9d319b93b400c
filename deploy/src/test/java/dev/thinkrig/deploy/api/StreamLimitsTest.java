package dev.thinkrig.deploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.StandInEngine;
import dev.thinkrig.deploy.smoke.SmokeReport;
import dev.thinkrig.deploy.smoke.SmokeTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer is bounded in time and in line length, whatever the server does: before these limits, an engine
 * that streamed thinking forever kept {@code smoke-test} running past any {@code --timeout}, and one that sent
 * megabytes without a line break ended in an OutOfMemoryError.
 */
class StreamLimitsTest {

    @Test
    void endlessThinking_endsAtTheTimeout_overTheOpenAiApi() throws Exception {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.ENDLESS_THINKING)) {
            OpenAiApi api = new OpenAiApi(engine.uri(), null);
            long start = System.nanoTime();
            assertThatThrownBy(() -> api.chat("standin", "17 x 23?", 4096, Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(
                            EngineApiException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineApiException.Kind.TIMEOUT))
                    .hasMessageContaining("did not end within 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void endlessThinking_endsAtTheTimeout_overOllamasApi() throws Exception {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.ENDLESS_THINKING)) {
            long start = System.nanoTime();
            assertThatThrownBy(() ->
                            new OllamaApi(engine.uri()).chat("standin:1b", "17 x 23?", 4096, Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(
                            EngineApiException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineApiException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aLineWithoutEnd_isRefusedAtOneMebibyte() throws Exception {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.NO_LINE_BREAKS)) {
            assertThatThrownBy(() ->
                            new OllamaApi(engine.uri()).chat("standin:1b", "17 x 23?", 4096, Duration.ofMinutes(1)))
                    .isInstanceOfSatisfying(
                            EngineApiException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineApiException.Kind.MALFORMED))
                    .hasMessageContaining("longer than 1 MiB without a line break");
        }
    }

    @Test
    void anAnswerWrappedInEscapeSequences_isNotARightAnswer() throws Exception {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.ESCAPES)) {
            SmokeReport report = SmokeTest.run(new OllamaApi(engine.uri()), "standin:1b", Duration.ofMinutes(1));
            assertThat(report.answer()).isEqualTo(StandInEngine.ESCAPED_ANSWER);
            assertThat(report.passed()).isFalse();
            assertThat(report.problems()).anyMatch(p -> p.contains("control characters"));
        }
    }

    @Test
    void anOrdinaryAnswer_stillPasses() throws Exception {
        try (StandInEngine engine = new StandInEngine()) {
            assertThat(SmokeTest.run(new OpenAiApi(engine.uri(), null), "standin", Duration.ofMinutes(1))
                            .passed())
                    .isTrue();
        }
    }

    /**
     * A body as the HTTP client gives one: a read waits for bytes, and a close from another thread ends a waiting read
     * (ResponseSubscribers.HttpResponseInputStream does so). PipedInputStream does not, so it cannot stand in.
     */
    private static final class Trickle extends java.io.InputStream {
        private final java.util.concurrent.BlockingQueue<Integer> bytes =
                new java.util.concurrent.LinkedBlockingQueue<>();

        void send(String text) {
            for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                bytes.add(b & 0xff);
            }
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            try {
                int first = bytes.take();
                if (first < 0) {
                    bytes.add(-1);
                    return -1;
                }
                b[off] = (byte) first;
                int n = 1;
                Integer next;
                while (n < len && (next = bytes.peek()) != null && next >= 0) {
                    b[off + n++] = (byte) (int) bytes.poll();
                }
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void close() {
            bytes.add(-1);
        }
    }

    @Test
    void aStreamThatStopsSending_endsAfterItsSilence_beforeItsDeadline() {
        // the model pull's limit: a stalled download ends, a slow one with progress does not (OllamaApi.PULL_SILENCE)
        Trickle engine = new Trickle();
        try (LineStream lines = new LineStream(
                engine,
                java.net.URI.create("http://127.0.0.1:11434/api/pull"),
                Duration.ofHours(2),
                Duration.ofHours(2),
                Duration.ofMillis(600))) {
            engine.send("{\"status\":\"pulling manifest\"}\n");
            assertThat(lines.next()).isEqualTo("{\"status\":\"pulling manifest\"}");
            long start = System.nanoTime();
            assertThatThrownBy(lines::next)
                    .isInstanceOfSatisfying(
                            EngineApiException.class,
                            e -> assertThat(e.kind()).isEqualTo(EngineApiException.Kind.TIMEOUT))
                    .hasMessageContaining("stalled: nothing arrived for 0 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
