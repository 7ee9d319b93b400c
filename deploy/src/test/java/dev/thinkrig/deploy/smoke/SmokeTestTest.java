package dev.thinkrig.deploy.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.StandInEngine;
import dev.thinkrig.deploy.api.EngineApiException;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.api.OpenAiApi;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmokeTestTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void ollama_correctAnswerWithThinking_passes() throws IOException {
        try (StandInEngine engine = new StandInEngine()) {
            SmokeReport r = SmokeTest.run(new OllamaApi(engine.uri()), "standin:1b", TIMEOUT);
            assertThat(r.passed()).as(r.problems().toString()).isTrue();
            assertThat(r.trace()).isEqualTo(SmokeReport.Trace.THINKING_FIELD);
            assertThat(r.thinkingTokens()).isEqualTo(4);
            assertThat(r.answer()).isEqualTo("The total is 391.");
            // Ollama's own figure: eval_count 6 over eval_duration 0.1 s
            assertThat(r.decodeTokensPerSecond()).hasValue(60.0);
            assertThat(r.timeToFirstTokenSeconds()).isPresent();
        }
    }

    @Test
    void ollamaPs_modelOnGpu_sizeVramEqualsSize() throws IOException {
        try (StandInEngine engine = new StandInEngine(java.util.Map.of(StandInEngine.ON_GPU, "1"))) {
            OllamaApi ollama = new OllamaApi(engine.uri());
            ollama.pull("deepseek-r1:1.5b", TIMEOUT, p -> {});

            // 1.6 GB of weights + Ollama's default 4096 tokens x 28 KiB
            assertThat(ollama.ps(TIMEOUT))
                    .containsExactly(
                            new OllamaApi.LoadedModel("deepseek-r1:1.5b", 1_717_440_512L, 1_717_440_512L, 4096));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reasoning", "reasoning_content"})
    void openAi_readsBothReasoningFieldNames(String field) throws IOException {
        try (StandInEngine engine = new StandInEngine().reasoningField(field)) {
            SmokeReport r = SmokeTest.run(new OpenAiApi(engine.uri(), null), "standin", TIMEOUT);
            assertThat(r.passed()).as(r.problems().toString()).isTrue();
            assertThat(r.trace())
                    .isEqualTo(
                            field.equals("reasoning")
                                    ? SmokeReport.Trace.REASONING_FIELD
                                    : SmokeReport.Trace.REASONING_CONTENT_FIELD);
        }
    }

    @Test
    void inlineThinkTags_passWithAParserWarning() throws IOException {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.INLINE_THINK)) {
            SmokeReport r = SmokeTest.run(new OpenAiApi(engine.uri(), null), "standin", TIMEOUT);
            assertThat(r.passed()).isTrue();
            assertThat(r.trace()).isEqualTo(SmokeReport.Trace.INLINE_THINK_TAGS);
            assertThat(r.warnings()).singleElement().asString().contains("--reasoning-parser");
            assertThat(r.answer()).isEqualTo("The total is 391.");
        }
    }

    @Test
    void wrongEmptyOrTraceless_fail_withTheReason() throws IOException {
        try (StandInEngine engine = new StandInEngine()) {
            OllamaApi api = new OllamaApi(engine.uri());
            engine.mode(StandInEngine.Mode.WRONG_ANSWER);
            assertThat(SmokeTest.run(api, "m", TIMEOUT).problems())
                    .singleElement()
                    .asString()
                    .contains("expected 391, got 392");
            engine.mode(StandInEngine.Mode.EMPTY_ANSWER);
            assertThat(SmokeTest.run(api, "m", TIMEOUT).problems())
                    .singleElement()
                    .asString()
                    .contains("the answer is empty");
            engine.mode(StandInEngine.Mode.NO_TRACE);
            assertThat(SmokeTest.run(api, "m", TIMEOUT).problems())
                    .singleElement()
                    .asString()
                    .contains("no reasoning trace");
        }
    }

    @Test
    void lastNumber_ignoresThousandsSeparators() {
        assertThat(SmokeTest.lastNumber("first 12, then 1,391")).isEqualTo("1391");
        assertThat(SmokeTest.lastNumber("no digits")).isNull();
    }

    @Test
    void ollamaPull_reportsProgress_andEngineErrors() throws IOException {
        try (StandInEngine engine = new StandInEngine()) {
            OllamaApi api = new OllamaApi(engine.uri());
            List<OllamaApi.PullProgress> seen = new ArrayList<>();
            api.pull("standin:1b", TIMEOUT, seen::add);
            assertThat(seen).extracting(OllamaApi.PullProgress::status).endsWith("success");
            assertThat(seen).anySatisfy(p -> {
                assertThat(p.completed()).isEqualTo(640_000_000L);
                assertThat(p.total()).isEqualTo(1_600_000_000L);
            });
            engine.mode(StandInEngine.Mode.PULL_ERROR);
            assertThatThrownBy(() -> api.pull("nope:1b", TIMEOUT, p -> {}))
                    .isInstanceOf(EngineApiException.class)
                    .hasMessageContaining("file does not exist");
            assertThat(api.ps(TIMEOUT)).singleElement().satisfies(m -> {
                // the failed pull loaded nothing new; no GPU, so nothing in VRAM (as Ollama on a CPU)
                assertThat(m.name()).isEqualTo("standin:1b");
                assertThat(m.sizeVram()).isZero();
            });
            assertThat(api.version(TIMEOUT)).isEqualTo("0.32.0-standin");
        }
    }

    @Test
    void nothingListening_isUnreachable_withTheUrl() {
        OllamaApi api = new OllamaApi(URI.create("http://127.0.0.1:9"));
        assertThatThrownBy(() -> api.version(TIMEOUT))
                .isInstanceOf(EngineApiException.class)
                .hasMessageContaining("http://127.0.0.1:9/api/version")
                .satisfies(e ->
                        assertThat(((EngineApiException) e).kind()).isEqualTo(EngineApiException.Kind.UNREACHABLE));
    }
}
