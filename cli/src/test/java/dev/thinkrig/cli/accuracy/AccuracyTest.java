package dev.thinkrig.cli.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recomputes every row of docs/accuracy.md; a row that drifts past its stated tolerance fails the build. */
class AccuracyTest {

    private static List<Accuracy.Row> rows;

    @BeforeAll
    static void recompute() {
        rows = new Accuracy().rows();
    }

    @Test
    void atLeastTwentyObservations_ofEveryKindTheIssueNames() {
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
        assertThat(rows.stream().map(r -> r.observation().kind()).distinct())
                .contains("weights", "kv", "total", "kvCapacityTokens", "decode");
        assertThat(rows.stream().map(r -> r.observation().id()).distinct()).hasSameSizeAs(rows);
    }

    @Test
    void everyRow_holdsItsTolerance_orItsExplainedError() {
        for (Accuracy.Row r : rows) {
            Observation o = r.observation();
            assertThat(r.holds())
                    .as(
                            "%s (%s): published %s %s, thinkrig %.4f, error %+.2f%%, tolerance %.0f%%%s",
                            o.id(),
                            o.what(),
                            o.published(),
                            o.unit(),
                            r.predicted(),
                            r.error() * 100,
                            o.tolerance() * 100,
                            o.knownError() == null ? "" : ", recorded error " + o.knownError() * 100 + "%")
                    .isTrue();
        }
    }

    @Test
    void targets_areTheIssues() {
        // weights 5%, KV 2%, totals and kvCapacityTokens 10%, decode 35% (issue 3); vLLM KV pools 10%, pools under 8
        // GiB
        // 15%, and a refused row must agree with vLLM's verdict (issue 11); activation peaks 10% (no issue sets one);
        // real llama.cpp buffers 0.5% and compute buffers 3% (issue 17);
        // no row may loosen its kind's target
        for (Accuracy.Row r : rows) {
            Observation o = r.observation();
            double target = switch (o.kind()) {
                case "weights" -> 0.05;
                case "kv" -> 0.02;
                case "total", "kvCapacityTokens" -> 0.10;
                case "decode" -> 0.35;
                case "kvPool" -> o.published() < 8 ? 0.15 : 0.10;
                case "activation" -> 0.10;
                // a verdict's error is 0 (agrees) or 1 (disagrees): any tolerance below 1 demands agreement
                case "refused" -> 0.5;
                // the real llama.cpp (issue 17): weights and KV within 0.5%, the compute buffer within 3%
                case "engine" -> o.metric().equals("llamacpp.compute") ? 0.03 : 0.005;
                default -> throw new AssertionError(o.id() + ": unknown kind " + o.kind());
            };
            assertThat(o.tolerance()).as(o.id()).isLessThanOrEqualTo(target);
        }
    }

    @Test
    void docsTable_isTheGeneratedOne() throws IOException {
        // regenerate with: java -cp cli/target/thinkrig.jar dev.thinkrig.cli.accuracy.Accuracy docs/accuracy.md
        String doc = Files.readString(Path.of("..", "docs", "accuracy.md"));
        int begin = doc.indexOf(Accuracy.BEGIN);
        int end = doc.indexOf(Accuracy.END);
        assertThat(begin).as("docs/accuracy.md has the table markers").isNotNegative();
        assertThat(doc.substring(begin + Accuracy.BEGIN.length(), end).strip())
                .isEqualTo(Accuracy.table(rows).strip());
    }
}
