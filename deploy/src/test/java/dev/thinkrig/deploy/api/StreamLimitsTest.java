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
}
